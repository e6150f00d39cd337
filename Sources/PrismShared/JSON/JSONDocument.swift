import NIOCore

/// One member of a top-level JSON object as it was written: where its key's opening quote is, and the
/// bytes of its value.
public struct JSONMemberSpan: Sendable, Equatable {
    public let key: String
    public let start: Int
    public let value: Range<Int>

    public init(key: String, start: Int, value: Range<Int>) {
        self.key = key
        self.start = start
        self.value = value
    }
}

/// A JSON text kept beside its parsed value, with the byte spans of the top-level object's members, so
/// it can be passed on with a few members changed and every other one byte for byte: numbers keep their
/// spelling (`1e3` stays `1e3`), escapes stay escapes, unknown fields stay as the client wrote them.
///
/// ```swift
/// let document = try JSONDocument(bytes: body)
/// let upstream = document.splicing(replacing: ["model": "llama-3.1-8b"], removing: ["store"])
/// ```
public struct JSONDocument: Sendable {
    public let value: JSONValue
    public let bytes: ByteBuffer
    /// The top-level object's members in order (duplicates included); empty for any other value.
    public let members: [JSONMemberSpan]

    /// Parses `bytes` as `JSONValue.parse` does (the same errors), recording the top-level members.
    public init(bytes: ByteBuffer, maxDepth: Int = 256) throws {
        (value, members) = try bytes.withUnsafeReadableBytes { raw in
            var parser = JSONParser(bytes: raw, maxDepth: maxDepth)
            parser.members = []
            let value = try parser.parseDocument()
            return (value, parser.members ?? [])
        }
        self.bytes = bytes
    }

    /// The same for a text.
    public init(text: String, maxDepth: Int = 256) throws {
        try self.init(bytes: ByteBuffer(string: text), maxDepth: maxDepth)
    }

    /// The object's text with each member named in `replacing` given that value (appended when absent)
    /// and each member named in `removing` left out. Every other member is copied as written; only the
    /// whitespace between members is dropped. A document that is not an object is re-encoded.
    public func splicing(replacing: KeyValuePairs<String, JSONValue> = [:], removing: Set<String> = []) -> ByteBuffer {
        splicing(replacing: replacing.map { ($0.key, $0.value) }, removing: removing)
    }

    /// The same, with the replacements built at run time.
    public func splicing(replacing: [(key: String, value: JSONValue)], removing: Set<String>) -> ByteBuffer {
        guard case .object = value else { return value.byteBuffer() }
        var out = ByteBuffer()
        out.reserveCapacity(bytes.readableBytes + 64)
        out.writeInteger(UInt8(ascii: "{"))
        var first = true
        var replaced = Set<String>()
        bytes.withUnsafeReadableBytes { raw in
            for member in members where !removing.contains(member.key) {
                if !first { out.writeInteger(UInt8(ascii: ",")) }
                first = false
                if let replacement = replacing.first(where: { $0.key == member.key }) {
                    out.writeBytes(UnsafeRawBufferPointer(rebasing: raw[member.start..<member.value.lowerBound]))
                    replacement.value.write(to: &out)
                    replaced.insert(member.key)
                } else {
                    out.writeBytes(UnsafeRawBufferPointer(rebasing: raw[member.start..<member.value.upperBound]))
                }
            }
        }
        for (key, newValue) in replacing where !replaced.contains(key) && !removing.contains(key) {
            if !first { out.writeInteger(UInt8(ascii: ",")) }
            first = false
            JSONValue.string(key).write(to: &out)
            out.writeInteger(UInt8(ascii: ":"))
            newValue.write(to: &out)
        }
        out.writeInteger(UInt8(ascii: "}"))
        return out
    }
}
