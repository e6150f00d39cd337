// libFuzzer target `json`: JSONValue.parse and JSONValidator on arbitrary bytes.
//
// Built in one module with Sources/PrismShared/JSON/*.swift (see Fuzz/build.sh), so it needs no import of
// PrismShared. Invariants, each a trap that libFuzzer reports as a crash:
// - the validator and the parser agree on whether the bytes are JSON, on bytes and on a String;
// - a parsed value serialises to JSON that the validator accepts and that parses to an equal value
//   (numbers compared by value, strings by their bytes), and serialising that again gives the same text;
// - the ByteBuffer writer gives the same bytes as the String one.
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let valid = JSONValidator.isValid(UnsafeRawBufferPointer(input))
    let parsed: JSONValue?
    do {
        parsed = try JSONValue.parse(input)
    } catch {
        parsed = nil
    }
    if valid != (parsed != nil) {
        fatalError("JSONValidator says \(valid ? "valid" : "invalid"), JSONValue.parse \(parsed != nil ? "parsed it" : "refused it")")
    }
    if let text = String(validating: input, as: UTF8.self), JSONValidator.isValid(text) != valid {
        fatalError("JSONValidator.isValid(String) disagrees with isValid(bytes)")
    }
    guard let value = parsed else { return 0 }

    let text = value.serialized()
    guard JSONValidator.isValid(text) else { fatalError("the serialised value is not valid JSON: \(text)") }
    let again: JSONValue
    do {
        again = try JSONValue.parse(text)
    } catch {
        fatalError("the serialised value does not parse (\(error)): \(text)")
    }
    guard sameValue(value, again) else { fatalError("re-parsing the serialised value changed it: \(text)") }
    guard again.serialized() == text else { fatalError("serialising is not stable: \(text) then \(again.serialized())") }
    let buffer = value.byteBuffer()
    guard buffer.readableBytesView.elementsEqual(text.utf8) else { fatalError("byteBuffer() differs from serialized()") }
    return 0
}

/// Equality as JSON means it: numbers by value (the serialiser writes 2.0 as 2), strings and keys by their
/// UTF-8 bytes (Swift's `==` on String is canonical equivalence), objects member by member in order.
func sameValue(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.integer, .number), (.number, .integer), (.number, .number):
        return lhs.doubleValue! == rhs.doubleValue!
    case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
    case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { sameValue($0, $1) }
    case (.object(let a), .object(let b)):
        let left = a.members, right = b.members
        return left.count == right.count && zip(left, right).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && sameValue($0.value, $1.value) }
    default: return false
    }
}
