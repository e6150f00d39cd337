import PrismShared
import Testing

@Suite("JSONValue parsing and serialisation")
struct JSONValueTests {
    @Test("round trip keeps values and key order")
    func roundTrip() throws {
        let text = #"{"z":1,"a":[true,false,null,-2.5,1e3,"x"],"m":{"k":"v"},"big":9007199254740993}"#
        let value = try JSONValue.parse(text)
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["a"]?.arrayValue?[3] == .number(-2.5))
        #expect(value.serialized() == #"{"z":1,"a":[true,false,null,-2.5,1000,"x"],"m":{"k":"v"},"big":9007199254740993}"#)
    }

    @Test("escapes and unicode, including surrogate pairs, survive")
    func strings() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ü""#)
        #expect(value == .string("a\"b\\c/d\n\té😀 ü"))
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(JSONValue.string("\u{1}").serialized() == #""\u0001""#)
    }

    @Test("bad JSON is refused", arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"\\ud800\"", "[1] 2", "\"a\nb\""])
    func refused(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("nesting past the limit is refused, not a crash")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test("a number past Double's range stays a number, the largest finite one (found by Fuzz/json)", arguments: [
        ("3.3377e773", Double.greatestFiniteMagnitude),
        ("1e999", Double.greatestFiniteMagnitude),
        ("-1e999", -Double.greatestFiniteMagnitude),
        ("1" + String(repeating: "0", count: 400), Double.greatestFiniteMagnitude),
    ])
    func outOfRange(text: String, expected: Double) throws {
        let value = try JSONValue.parse(text)
        #expect(value == .number(expected))
        // Before, this was infinity, which serialises as `null`.
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse("[\(text)]").serialized() == "[\(value.serialized())]")
    }

    @Test("setting and removing object members")
    func mutation() {
        var value: JSONValue = ["a": 1, "b": 2]
        value["a"] = nil
        value["c"] = "x"
        #expect(value.serialized() == #"{"b":2,"c":"x"}"#)
    }
}
