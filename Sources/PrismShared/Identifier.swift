#if canImport(Glibc)
import Glibc
#endif

/// Unguessable identifiers: a prefix and 32 random URL-safe characters (192 bits), never derived from the
/// clock or taken from a request.
public enum Identifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func make(_ prefix: String) -> String {
        // 24 random bytes are 32 six-bit characters; one system call draws them all (a generator draw per
        // 8 bytes was four calls per id, and a request makes several ids).
        var random = [UInt8](repeating: 0, count: 24)
        fill(&random)
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + 33)
        bytes.append(UInt8(ascii: "_"))
        for group in stride(from: 0, to: 24, by: 3) {
            let bits = UInt32(random[group]) << 16 | UInt32(random[group + 1]) << 8 | UInt32(random[group + 2])
            for shift in [18, 12, 6, 0] { bytes.append(alphabet[Int(bits >> UInt32(shift) & 63)]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Cryptographically random bytes: glibc's `arc4random_buf` (the kernel's `getrandom`, one call for all of
    /// them) where there is one.
    private static func fill(_ bytes: inout [UInt8]) {
        #if canImport(Glibc)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        #else
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        #endif
    }

    /// Whether `id` has the shape of an id Prism hands out (used to refuse odd characters early).
    public static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
    }
}
