#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which addresses a client-supplied URL may reach (SPEC §10): none of loopback, private, link-local,
/// multicast, unspecified, or any other IANA special-purpose range, nor an address of this host's own
/// interfaces — in every spelling, since the host is resolved by the system first. Addresses that carry an
/// IPv4 address inside (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
public enum AddressPolicy {
    /// IPv4 special-purpose blocks (network, prefix length) that are never fetched.
    private static let refusedIPv4: [(UInt32, UInt32)] = [
        (0x0000_0000, 8),   // 0.0.0.0/8 "this network"
        (0x0A00_0000, 8),   // 10.0.0.0/8 private
        (0x6440_0000, 10),  // 100.64.0.0/10 carrier-grade NAT
        (0x7F00_0000, 8),   // 127.0.0.0/8 loopback
        (0xA9FE_0000, 16),  // 169.254.0.0/16 link-local
        (0xAC10_0000, 12),  // 172.16.0.0/12 private
        (0xC000_0000, 24),  // 192.0.0.0/24 IETF protocol assignments
        (0xC000_0200, 24),  // 192.0.2.0/24 documentation
        (0xC058_6300, 24),  // 192.88.99.0/24 6to4 relay anycast
        (0xC0A8_0000, 16),  // 192.168.0.0/16 private
        (0xC612_0000, 15),  // 198.18.0.0/15 benchmarking
        (0xC633_6400, 24),  // 198.51.100.0/24 documentation
        (0xCB00_7100, 24),  // 203.0.113.0/24 documentation
        (0xE000_0000, 4),   // 224.0.0.0/4 multicast
        (0xF000_0000, 4),   // 240.0.0.0/4 reserved, and the broadcast address
    ]

    /// Whether an IPv4 address (host byte order) is in a refused range.
    public static func isRefused(ipv4 address: UInt32) -> Bool {
        refusedIPv4.contains { network, length in address >> (32 - length) == network >> (32 - length) }
    }

    /// Whether an IPv6 address is in a refused range.
    public static func isRefused(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return true }
        func ipv4(at offset: Int) -> UInt32 {
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        }
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return isRefused(ipv4: ipv4(at: 12)) } // ::ffff:a.b.c.d
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return true }             // ::, ::1 and the deprecated ::a.b.c.d
        if starts([0x00, 0x64, 0xFF, 0x9B]), bytes[4..<12].allSatisfy({ $0 == 0 }) { return isRefused(ipv4: ipv4(at: 12)) } // NAT64 64:ff9b::/96
        if starts([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]) { return true }      // 64:ff9b:1::/48 local-use NAT64
        if starts([0x01, 0x00]), bytes[2..<8].allSatisfy({ $0 == 0 }) { return true } // 100::/64 discard
        if starts([0x20, 0x01]), bytes[2] < 0x02 { return true }             // 2001::/23 IETF assignments, Teredo included
        if starts([0x20, 0x01, 0x0D, 0xB8]) { return true }                  // 2001:db8::/32 documentation
        if starts([0x20, 0x02]) { return isRefused(ipv4: ipv4(at: 2)) }      // 2002::/16 6to4
        if starts([0x3F, 0xFF]), bytes[2] & 0xF0 == 0 { return true }        // 3fff::/20 documentation
        if starts([0x5F, 0x00]) { return true }                              // 5f00::/16 segment routing
        if bytes[0] & 0xFE == 0xFC { return true }                           // fc00::/7 unique local
        if bytes[0] == 0xFE, bytes[1] & 0x80 == 0x80 { return true }         // fe80::/10 link-local, fec0::/10 site-local
        if bytes[0] == 0xFF { return true }                                  // multicast
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
            if let address = info.pointee.ai_addr.flatMap(Resolved.init) { addresses.append(address) }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    /// The addresses of this host's own network interfaces: a URL must not reach the gateway's host by
    /// any of its names. Blocking: call it off the event loops.
    public static func ownAddresses() -> [Resolved] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(first) }
        var addresses: [Resolved] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            if let address = entry.pointee.ifa_addr.flatMap(Resolved.init) { addresses.append(address) }
            cursor = entry.pointee.ifa_next
        }
        return addresses
    }

    public enum Resolved: Sendable, Hashable, CustomStringConvertible {
        case ipv4(UInt32)
        case ipv6([UInt8])

        init?(_ raw: UnsafeMutablePointer<sockaddr>) {
            switch Int32(raw.pointee.sa_family) {
            case AF_INET:
                let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                self = .ipv4(UInt32(bigEndian: address))
            case AF_INET6:
                self = .ipv6(raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) } })
            default:
                return nil
            }
        }

        public var isRefused: Bool {
            switch self {
            case .ipv4(let address): return AddressPolicy.isRefused(ipv4: address)
            case .ipv6(let bytes): return AddressPolicy.isRefused(ipv6: bytes)
            }
        }

        /// The address as a literal to connect to (`93.184.216.34`, `2606:4700::1111`).
        public var description: String {
            switch self {
            case .ipv4(let address):
                return [24, 16, 8, 0].map { String(address >> $0 & 0xFF) }.joined(separator: ".")
            case .ipv6(let bytes):
                var storage = in6_addr()
                withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                inet_ntop(AF_INET6, &storage, &text, socklen_t(text.count))
                return String(cString: text)
            }
        }
    }
}
