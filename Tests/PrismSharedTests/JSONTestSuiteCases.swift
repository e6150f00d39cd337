import NIOCore
import PrismShared
import Testing

/// Cases named after Nicolas Seriot's JSONTestSuite (`y_` must be accepted, `n_` refused; the `i_` cases,
/// which RFC 8259 leaves to the implementation, are left out). The parser, the validator and the document
/// splicer must all agree with the expectation.
@Suite("JSONTestSuite y_ and n_ cases")
struct JSONTestSuiteCases {
    static let accepted: [Case] = [
        Case("y_array_arraysWithSpaces", "[[]   ]"), Case("y_array_empty-string", #"[""]"#), Case("y_array_empty", "[]"),
        Case("y_array_ending_with_newline", "[\"a\"]\n"), Case("y_array_false", "[false]"), Case("y_array_heterogeneous", #"[null, 1, "1", {}]"#),
        Case("y_array_null", "[null]"), Case("y_array_with_1_and_newline", "[1\n]"), Case("y_array_with_leading_space", " [1]"),
        Case("y_array_with_several_null", "[1,null,null,null,2]"), Case("y_array_with_trailing_space", "[2] "),
        Case("y_number", "[123e65]"), Case("y_number_0e+1", "[0e+1]"), Case("y_number_0e1", "[0e1]"), Case("y_number_after_space", "[ 4]"),
        Case("y_number_double_close_to_zero", "[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]"),
        Case("y_number_int_with_exp", "[20e1]"), Case("y_number_minus_zero", "[-0]"), Case("y_number_negative_int", "[-123]"),
        Case("y_number_negative_one", "[-1]"), Case("y_number_real_capital_e", "[1E22]"), Case("y_number_real_capital_e_neg_exp", "[1E-2]"),
        Case("y_number_real_capital_e_pos_exp", "[1E+2]"), Case("y_number_real_exponent", "[123e45]"), Case("y_number_real_fraction_exponent", "[123.456e78]"),
        Case("y_number_real_neg_exp", "[1e-2]"), Case("y_number_real_pos_exponent", "[1e+2]"), Case("y_number_simple_int", "[123]"),
        Case("y_number_simple_real", "[123.456789]"), Case("y_object", #"{"asd":"sdf", "dfg":"fgh"}"#), Case("y_object_basic", #"{"asd":"sdf"}"#),
        Case("y_object_duplicated_key", #"{"a":"b","a":"c"}"#), Case("y_object_duplicated_key_and_value", #"{"a":"b","a":"b"}"#),
        Case("y_object_empty", "{}"), Case("y_object_empty_key", #"{"":0}"#), Case("y_object_escaped_null_in_key", #"{"foo\u0000bar": 42}"#),
        Case("y_object_extreme_numbers", #"{ "min": -1.0e+28, "max": 1.0e+28 }"#), Case("y_object_long_strings", #"{"x":[{"id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}], "id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#),
        Case("y_object_simple", #"{"a":[]}"#), Case("y_object_string_unicode", #"{"title":"\u041f\u043e\u043b\u0442\u043e\u0440\u0430" }"#),
        Case("y_object_with_newlines", "{\n\"a\": \"b\"\n}"), Case("y_string_1_2_3_bytes_UTF-8_sequences", #"["\u0060\u012a\u12AB"]"#),
        Case("y_string_accepted_surrogate_pair", #"["\uD801\udc37"]"#), Case("y_string_allowed_escapes", #"["\"\\\/\b\f\n\r\t"]"#),
        Case("y_string_backslash_and_u_escaped_zero", #"["\\u0000"]"#), Case("y_string_comments", #"["a/*b*/c/*d//e"]"#),
        Case("y_string_in_array_with_leading_space", #"[ "asd"]"#), Case("y_string_nonCharacterInUTF-8_U+FFFF", [0x5B, 0x22, 0xEF, 0xBF, 0xBF, 0x22, 0x5D]),
        Case("y_string_utf8", #"["€𝄞"]"#), Case("y_string_unescaped_char_delete", [0x5B, 0x22, 0x7F, 0x22, 0x5D]),
        Case("y_structure_lonely_false", "false"), Case("y_structure_lonely_int", "42"), Case("y_structure_lonely_negative_real", "-0.1"),
        Case("y_structure_lonely_null", "null"), Case("y_structure_lonely_string", #""asd""#), Case("y_structure_lonely_true", "true"),
        Case("y_structure_string_empty", #""""#), Case("y_structure_trailing_newline", "[\"a\"]\n"), Case("y_structure_true_in_array", "[true]"),
        Case("y_structure_whitespace_array", " [] "),
    ]

    static let refused: [Case] = [
        Case("n_array_1_true_without_comma", "[1 true]"), Case("n_array_colon_instead_of_comma", #"["": 1]"#), Case("n_array_comma_after_close", #"[""],"#),
        Case("n_array_comma_and_number", "[,1]"), Case("n_array_double_comma", "[1,,2]"), Case("n_array_extra_close", #"["x"]]"#),
        Case("n_array_extra_comma", #"["",]"#), Case("n_array_incomplete", #"["x""#), Case("n_array_inner_array_no_comma", "[3[4]]"),
        Case("n_array_just_comma", "[,]"), Case("n_array_just_minus", "[-]"), Case("n_array_missing_value", #"[   , ""]"#),
        Case("n_array_star_inside", "[*]"), Case("n_array_unclosed", #"[""#), Case("n_array_unclosed_trailing_comma", "[1,"),
        Case("n_incomplete_false", "[fals]"), Case("n_incomplete_null", "[nul]"), Case("n_incomplete_true", "[tru]"),
        Case("n_number_++", "[++1234]"), Case("n_number_+1", "[+1]"), Case("n_number_-01", "[-01]"), Case("n_number_-1.0.", "[-1.0.]"),
        Case("n_number_-2.", "[-2.]"), Case("n_number_-NaN", "[-NaN]"), Case("n_number_.-1", "[.-1]"), Case("n_number_.2e-3", "[.2e-3]"),
        Case("n_number_0.1.2", "[0.1.2]"), Case("n_number_0.3e+", "[0.3e+]"), Case("n_number_0.e1", "[0.e1]"), Case("n_number_0e", "[0e]"),
        Case("n_number_1.0e-", "[1.0e-]"), Case("n_number_1_000", "[1 000.0]"), Case("n_number_2.e3", "[2.e3]"), Case("n_number_9.e+", "[9.e+]"),
        Case("n_number_Inf", "[Inf]"), Case("n_number_NaN", "[NaN]"), Case("n_number_expression", "[1+2]"), Case("n_number_hex_1_digit", "[0x1]"),
        Case("n_number_infinity", "[Infinity]"), Case("n_number_minus_infinity", "[-Infinity]"), Case("n_number_neg_int_starting_with_zero", "[-012]"),
        Case("n_number_real_without_fractional_part", "[1.]"), Case("n_number_with_leading_zero", "[012]"),
        Case("n_object_bad_value", #"["x", truth]"#), Case("n_object_comma_instead_of_colon", #"{"x", null}"#), Case("n_object_double_colon", #"{"x"::"b"}"#),
        Case("n_object_missing_colon", #"{"a" b}"#), Case("n_object_missing_key", #"{:"b"}"#), Case("n_object_missing_value", #"{"a":"#),
        Case("n_object_no-colon", #"{"a""#), Case("n_object_non_string_key", "{1:1}"), Case("n_object_single_quote", "{'a':0}"),
        Case("n_object_trailing_comma", #"{"id":0,}"#), Case("n_object_trailing_comment", #"{"a":"b"}/**/"#), Case("n_object_unquoted_key", #"{a: "b"}"#),
        Case("n_object_with_trailing_garbage", #"{"a": true} "x""#), Case("n_single_space", " "), Case("n_string_1_surrogate_then_escape", #"["\uD800\"]"#),
        Case("n_string_escape_x", #"["\x00"]"#), Case("n_string_escaped_emoji", "[\"\\🌀\"]"), Case("n_string_incomplete_escape", #"["\"]"#),
        Case("n_string_incomplete_surrogate_escape_invalid", #"["\uD800\uD800\x"]"#), Case("n_string_invalid_unicode_escape", #"["\uqqqq"]"#),
        Case("n_string_invalid_utf8_after_escape", [0x5B, 0x22, 0x5C, 0x75, 0x30, 0x30, 0x34, 0x31, 0xE5, 0x22, 0x5D]),
        Case("n_string_lone_continuation_byte", [0x5B, 0x22, 0x81, 0x22, 0x5D]), Case("n_string_overlong_sequence_2_bytes", [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D]),
        Case("n_string_no_quotes_with_bad_escape", #"[\n]"#), Case("n_string_single_quote", "['single quote']"), Case("n_string_unescaped_newline", "[\"new\nline\"]"),
        Case("n_string_unescaped_tab", "[\"\t\"]"), Case("n_string_unicode_CapitalU", #""\UA66D""#), Case("n_structure_UTF8_BOM_no_data", [0xEF, 0xBB, 0xBF]),
        Case("n_structure_angle_bracket_null", "[<null>]"), Case("n_structure_close_unopened_array", "1]"), Case("n_structure_double_array", "[][]"),
        Case("n_structure_end_array", "]"), Case("n_structure_no_data", ""), Case("n_structure_null-byte-outside-string", [0x5B, 0x00, 0x5D]),
        Case("n_structure_object_unclosed_no_value", #"{"":"#), Case("n_structure_open_object_open_array", "{["), Case("n_structure_single_star", "*"),
        Case("n_structure_trailing_#", #"{"a":"b"}#{}"#), Case("n_structure_unclosed_array_unfinished_true", "[ false, tru"),
        Case("n_structure_100000_opening_arrays", Array(repeating: UInt8(ascii: "["), count: 100_000)),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        init(_ name: String, _ text: String) { self.init(name, Array(text.utf8)) }
        init(_ name: String, _ bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
        var testDescription: String { name }
    }

    @Test("y_ cases are accepted by the parser, the validator and the document", arguments: accepted)
    func yes(_ testCase: Case) throws {
        let (name, bytes) = (testCase.name, testCase.bytes)
        let value = try JSONValue.parse(bytes)
        #expect(bytes.withUnsafeBytes { JSONValidator.isValid($0) }, "\(name)")
        #expect(try JSONDocument(bytes: ByteBuffer(bytes: bytes)).value == value, "\(name)")
        // A re-encoder may respell numbers (`0e1` → `0`), so what it writes must at least read back to itself.
        #expect(try JSONValue.parse(value.serialized()).serialized() == value.serialized(), "\(name) round trip")
    }

    @Test("n_ cases are refused by the parser, the validator and the document", arguments: refused)
    func no(_ testCase: Case) {
        let (name, bytes) = (testCase.name, testCase.bytes)
        #expect(throws: JSONParseError.self, "\(name)") { try JSONValue.parse(bytes) }
        #expect(!bytes.withUnsafeBytes { JSONValidator.isValid($0) }, "\(name)")
        #expect(throws: JSONParseError.self, "\(name)") { try JSONDocument(bytes: ByteBuffer(bytes: bytes)) }
    }
}
