import PrismShared
import Testing

@Suite("JSONValidator")
struct JSONValidatorTests {
    /// The validator's answer on bytes, checked to be the String overload's and the parser's too.
    func validity(_ bytes: [UInt8]) -> Bool {
        let valid = bytes.withUnsafeBytes { JSONValidator.isValid($0) }
        let parses = (try? JSONValue.parse(bytes)) != nil
        #expect(valid == parses, "the validator and JSONValue.parse disagree on \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        if let text = String(validating: bytes, as: UTF8.self) {
            #expect(JSONValidator.isValid(text) == valid)
        }
        return valid
    }

    func validity(_ text: String) -> Bool { validity(Array(text.utf8)) }

    @Test("complete JSON values are valid", arguments: [
        "null", "true", "false", "0", "-0", "-0.0e-0", "1E+2", "123.456e78", "1e999", "-9223372036854775809",
        #""""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e9\uD83D\uDE00\u0000""#, "\"é😀 ü\"", "[]", "{}", "[[]]", "{\"\":\"\"}",
        " [ 1 , { \"a\" : [ ] } ] ", "\r\n\t {\"a\":{\"b\":{\"c\":[null,true,false]}}} \n",
        #"{"a":1,"a":2}"#, #"{"choices":[{"delta":{"content":"Hello"},"index":0,"finish_reason":null}]}"#,
        "\"" + String(repeating: "long plain text ", count: 20) + "\"",
    ])
    func valid(text: String) {
        #expect(validity(text))
    }

    @Test("anything else is invalid", arguments: [
        "", " ", "\n", "[[[", "{not json", "{\"a\":1,}", "[1,]", "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+",
        "0x10", "NaN", "Infinity", "-Infinity", "nul", "tru", "fals", "True", "None", "'a'", "[1 2]", "{\"a\" 1}",
        "{\"a\":}", "{,}", "[,1]", "{\"a\":1 \"b\":2}", "{1:2}", "{\"a\"}", "[1]]", "]", "}", "{\"a\":1}}", "[", "{",
        "{\"a\":[}", "[{]}", "true false", "1 2", "\"abc", "\"abc\\\"", #""\q""#, #""\x41""#, #""\u00""#, #""\u00g0""#,
        #""\uD800""#, #""\uDC00""#, #""\uD800\u0041""#, #""\uD800\n""#, "\"a\tb\"", "\"a\nb\"", "\u{FEFF}{}", "[1,,2]",
        "{\"a\":1,,\"b\":2}", "/* c */ 1", "[1] // c",
    ])
    func invalid(text: String) {
        #expect(!validity(text))
    }

    @Test("strings must be well-formed UTF-8", arguments: [
        ([0xC3, 0xA9], true), ([0xE2, 0x82, 0xAC], true), ([0xF0, 0x9F, 0x98, 0x80], true), ([0xF4, 0x8F, 0xBF, 0xBF], true),
        ([0xEF, 0xBF, 0xBF], true), ([0x80], false), ([0xBF], false), ([0xC0, 0x80], false), ([0xC1, 0xBF], false),
        ([0xC3], false), ([0xC3, 0x41], false), ([0xE0, 0x80, 0x80], false), ([0xE0, 0x9F, 0xBF], false),
        ([0xED, 0xA0, 0x80], false), ([0xED, 0xBF, 0xBF], false), ([0xE2, 0x82], false), ([0xF0, 0x8F, 0xBF, 0xBF], false),
        ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false), ([0xFF], false), ([0xF0, 0x9F, 0x98], false),
    ] as [([UInt8], Bool)])
    func utf8(sequence: [UInt8], expected: Bool) {
        // At the start, after plain bytes (the eight-byte fast path) and before the closing quote.
        for prefix in [[], Array("abcdefghij".utf8)] {
            #expect(validity([UInt8(ascii: "\"")] + prefix + sequence + [UInt8(ascii: "\"")]) == expected)
        }
        #expect(!validity([UInt8(ascii: "[")] + sequence + [UInt8(ascii: "]")]), "outside a string no non-ASCII byte is JSON")
    }

    @Test("a special byte is found wherever it falls in an eight-byte word")
    func everyPosition() {
        for length in 0..<20 {
            let plain = String(repeating: "a", count: length)
            #expect(validity("\"\(plain)\""))
            #expect(validity("\"\(plain)\\n\(plain)\""))
            #expect(validity("\"\(plain)é\(plain)\""))
            #expect(!validity("\"\(plain)\u{1}\(plain)\""))
            #expect(!validity("\"\(plain)\u{1F}\""))
            #expect(!validity("\"\(plain)"))
            #expect(!validity("\"\(plain)\\"))
            #expect(validity("[\"\(plain)\",\"\(plain)\"]"))
        }
    }

    @Test("nesting up to maxDepth is valid, one more level is not, as for JSONValue.parse")
    func depth() {
        let limit = JSONValidator.maxDepth
        #expect(limit == 256)
        for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
            let atLimit = String(repeating: open, count: limit) + "1" + String(repeating: close, count: limit)
            let past = String(repeating: open, count: limit + 1) + "1" + String(repeating: close, count: limit + 1)
            #expect(validity(atLimit))
            #expect(!validity(past))
        }
        let mixed = String(repeating: "[{\"a\":", count: limit / 2) + "[]" + String(repeating: "}]", count: limit / 2)
        #expect(!validity(mixed))
        let hostile = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(!validity(hostile))
    }

    @Test("containers close in the right order")
    func closing() {
        #expect(validity(#"[{"a":[{"b":{}}]},[],{}]"#))
        #expect(!validity(#"[{"a":[{"b":{}]}},[],{}]"#))
        #expect(!validity(#"{"a":[1}"#))
        #expect(!validity(#"[{"a":1]}"#))
    }

    @Test("an empty buffer is invalid")
    func empty() {
        #expect(!JSONValidator.isValid(UnsafeRawBufferPointer(start: nil, count: 0)))
        #expect(!JSONValidator.isValid(""))
    }

    @Test("the String overload reads the text's own UTF-8")
    func substringText() {
        let text = #"xx{"a":[1,2,{"b":"é"}]}xx"#.dropFirst(2).dropLast(2)
        #expect(JSONValidator.isValid(String(text)))
        #expect(!JSONValidator.isValid(String(text.dropLast())))
    }
}
