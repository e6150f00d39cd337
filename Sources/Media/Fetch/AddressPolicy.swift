#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which addresses a client-supplied URL may reach (SPEC §10): not loopback, private, link-local,
/// multicast or unspecified — in every spelling, since the host is resolved by the system first.
public enum AddressPolicy {
    /// Whether an IPv4 address (host byte order) is in a refused range.
    public static func isRefused(ipv4 address: UInt32) -> Bool {
        let a = address >> 24, b = (address >> 16) & 0xFF
        switch a {
        case 0, 10, 127: return true                       // unspecified "this network", private, loopback
        case 100 where (64...127).contains(b): return true  // carrier-grade NAT
        case 169 where b == 254: return true                // link-local
        case 172 where (16...31).contains(b): return true   // private
        case 192 where b == 168: return true                // private
        case 224...255: return true                         // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Whether an IPv6 address is in a refused range (an IPv4-mapped one is judged as IPv4).
    public static func isRefused(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return true }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return isRefused(ipv4: UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15]))
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true }   // :: and ::1
        if bytes[0] == 0xFF { return true }                         // multicast
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return true } // link-local fe80::/10
        if bytes[0] & 0xFE == 0xFC { return true }                  // unique local fc00::/7
        return false
    }

    /// Every address `host` resolves to (IP literals in any spelling included), via the system resolver.
    /// Blocking: call it off the event loops.
    public static func resolve(_ host: String) -> [Resolved] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [Resolved] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if info.pointee.ai_family == AF_INET, let raw = info.pointee.ai_addr {
                let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                addresses.append(.ipv4(UInt32(bigEndian: address)))
            } else if info.pointee.ai_family == AF_INET6, let raw = info.pointee.ai_addr {
                let bytes = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                addresses.append(.ipv6(bytes))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    public enum Resolved: Sendable, Equatable {
        case ipv4(UInt32)
        case ipv6([UInt8])

        public var isRefused: Bool {
            switch self {
            case .ipv4(let address): return AddressPolicy.isRefused(ipv4: address)
            case .ipv6(let bytes): return AddressPolicy.isRefused(ipv6: bytes)
            }
        }
    }
}
