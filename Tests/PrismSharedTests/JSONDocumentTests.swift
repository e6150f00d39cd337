import NIOCore
import PrismShared
import Testing

@Suite("JSONDocument: bodies passed on spliced, not re-encoded")
struct JSONDocumentTests {
    private func splice(_ text: String, replacing: KeyValuePairs<String, JSONValue> = [:], removing: Set<String> = []) throws -> String {
        String(buffer: try JSONDocument(text: text).splicing(replacing: replacing, removing: removing))
    }

    @Test("members a re-encoder would change are copied byte for byte")
    func untouched() throws {
        let text = #"{ "model" : "groq/x", "n":1e3, "t": 1.50, "neg":-0, "big":1E+400, "s":"\u00e9\/", "o":{ "a" : [ 1 ,2 ] }, "store":true, "metadata":{"k":"v"} }"#
        let out = try splice(text, replacing: ["model": "x"], removing: ["store", "metadata"])
        #expect(out == #"{"model" : "x","n":1e3,"t": 1.50,"neg":-0,"big":1E+400,"s":"\u00e9\/","o":{ "a" : [ 1 ,2 ] }}"#)
        #expect(try JSONValue.parse(out)["o"]?["a"] == [1, 2])
    }

    @Test("a replaced key that is absent is appended; a removed one that is absent changes nothing")
    func absent() throws {
        #expect(try splice(#"{"a":1}"#, replacing: ["id": "chatcmpl-1"], removing: ["store"]) == #"{"a":1,"id":"chatcmpl-1"}"#)
        #expect(try splice(#"{}"#, replacing: ["id": "x"]) == #"{"id":"x"}"#)
        #expect(try splice(#"{"store":false}"#, removing: ["store"]) == "{}")
    }

    @Test("removing the first, middle or last member leaves valid JSON")
    func removal() throws {
        #expect(try splice(#"{"store":1,"a":2,"b":3}"#, removing: ["store"]) == #"{"a":2,"b":3}"#)
        #expect(try splice(#"{"a":2,"store":1,"b":3}"#, removing: ["store"]) == #"{"a":2,"b":3}"#)
        #expect(try splice(#"{"a":2,"b":3,"store":1}"#, removing: ["store"]) == #"{"a":2,"b":3}"#)
    }

    @Test("every copy of a duplicated key is replaced or removed, and an escaped key is still recognised")
    func duplicatesAndEscapes() throws {
        #expect(try splice(#"{"model":"a","x":1,"model":"b"}"#, replacing: ["model": "m"]) == #"{"model":"m","x":1,"model":"m"}"#)
        #expect(try splice(#"{"mod\u0065l":"a","store":1,"st\u006fre":2}"#, replacing: ["model": "m"], removing: ["store"]) == #"{"mod\u0065l":"m"}"#)
    }

    @Test("only top-level members are touched")
    func nested() throws {
        let out = try splice(#"{"messages":[{"model":"keep","store":true}],"model":"a"}"#, replacing: ["model": "b"], removing: ["store"])
        #expect(out == #"{"messages":[{"model":"keep","store":true}],"model":"b"}"#)
    }

    @Test("a document that is not an object is re-encoded; bad JSON throws as JSONValue.parse does")
    func other() throws {
        #expect(String(buffer: try JSONDocument(text: "[1, 2]").splicing(replacing: ["a": 1])) == "[1,2]")
        #expect(throws: JSONParseError.self) { try JSONDocument(text: #"{"a":1,}"#) }
        #expect(try JSONDocument(text: #" {"a" : [1]} "#).members == [JSONMemberSpan(key: "a", start: 2, value: 8..<11)])
    }
}
