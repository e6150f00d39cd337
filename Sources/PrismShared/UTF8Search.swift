/// Finding a short ASCII needle in a string's UTF-8 bytes. `String.contains(_:)` and `range(of:)` with
/// Foundation imported go through `NSString` and a locale-aware search — the largest single cost of
/// relaying a stream (bench/PROFILE.md) — while a relayed event only needs a byte scan.
public enum UTF8Search {
    /// The byte offset just past the first occurrence of `needle` in `text`, or `nil`.
    public static func end(of needle: StaticString, in text: String) -> Int? {
        var text = text
        return text.withUTF8 { end(of: needle, in: UnsafeRawBufferPointer($0)) }
    }

    /// The same in raw bytes (a body still in its buffer).
    public static func end(of needle: StaticString, in haystack: UnsafeRawBufferPointer) -> Int? {
        needle.withUTF8Buffer { needle in
            guard let first = needle.first, needle.count <= haystack.count else { return nil }
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first {
                    var matched = 1
                    while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return index + needle.count }
                }
                index += 1
            }
            return nil
        }
    }

    public static func contains(_ needle: StaticString, in text: String) -> Bool {
        end(of: needle, in: text) != nil
    }

    public static func contains(_ needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        end(of: needle, in: bytes) != nil
    }
}
