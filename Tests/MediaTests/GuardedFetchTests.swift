import Media
import Testing

@Suite("Guarded fetching of client URLs (SPEC §10)")
struct GuardedFetchTests {
    @Test("private, loopback, link-local, multicast and unspecified hosts are refused in every spelling", arguments: [
        "127.0.0.1", "2130706433", "0x7f.1", "0x7f000001", "017700000001", "127.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::",
        "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "fe80::1", "fd00::1", "localhost",
        // IANA special-purpose blocks, and IPv6 forms that carry a private IPv4 address inside.
        "192.0.2.1", "198.18.0.1", "198.19.255.254", "198.51.100.7", "203.0.113.9", "192.0.0.8", "192.88.99.1", "240.0.0.1",
        "255.255.255.255", "100.127.255.254", "2001:db8::1", "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b:1::1", "2002:a00:1::1",
        "2002:7f00:1::1", "2001::1", "100::1", "fec0::1", "::7f00:1", "3fff::1", "5f00::1", "ff02::1",
    ])
    func refused(host: String) {
        let addresses = AddressPolicy.resolve(host)
        #expect(!addresses.isEmpty, "\(host) did not resolve")
        let refused = addresses.contains { $0.isRefused }
        #expect(refused, "\(host) → \(addresses)")
    }

    @Test("public addresses pass, NAT64 and 6to4 forms of public ones too", arguments: [
        "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34", "64:ff9b::808:808", "2002:808:808::1", "100.128.0.1", "198.20.0.1",
    ])
    func allowed(host: String) {
        let addresses = AddressPolicy.resolve(host)
        let refused = addresses.contains { $0.isRefused }
        #expect(!addresses.isEmpty && !refused)
    }

    @Test("schemes other than http(s) and private hosts are refused before any request; allowPrivate lifts the range rule")
    func check() async {
        let strict = GuardedFetcher(allowPrivate: false, maxBytes: 1000, timeoutSeconds: 2)
        for url in ["ftp://example.com/a.png", "file:///etc/passwd", "http://[::ffff:127.0.0.1]:8080/x", "http://2130706433/x", "https://10.0.0.1/a"] {
            await #expect(throws: GuardedFetcher.Failure.self) { try await strict.check(url) }
        }
        let lenient = GuardedFetcher(allowPrivate: true, maxBytes: 1000, timeoutSeconds: 2)
        var passed = true
        do { try await lenient.check("http://127.0.0.1:1/x") } catch { passed = false }
        #expect(passed)
    }

    @Test("an address of this host's own interfaces is refused, whatever its range")
    func ownAddresses() async {
        let own = AddressPolicy.ownAddresses()
        #expect(own.contains(.ipv4(0x7F00_0001)), "getifaddrs should list the loopback interface: \(own)")
        // A public address that a stub says this host has: refused by the standard rule.
        let stubbed = GuardedFetcher(
            allowPrivate: false, maxBytes: 1000, timeoutSeconds: 2, resolver: { _ in [.ipv4(0x0808_0808)] },
            refuses: { $0.isRefused || $0 == .ipv4(0x0808_0808) })
        await #expect(throws: GuardedFetcher.Failure.self) { try await stubbed.check("http://gateway.example/x.png") }
        for address in own {
            #expect(GuardedFetcher.standardRefusal(address), "\(address) is this host's and must be refused")
        }
    }

    @Test("a host that resolves to one public and one private address is refused")
    func mixedAnswers() async {
        let fetcher = GuardedFetcher(
            allowPrivate: false, maxBytes: 1000, timeoutSeconds: 2, resolver: { _ in [.ipv4(0x5DB8_D822), .ipv4(0x7F00_0001)] })
        await #expect(throws: GuardedFetcher.Failure.self) { try await fetcher.check("http://rebind.example/x.png") }
    }

    @Test("addresses print as literals to connect to", arguments: [
        (AddressPolicy.Resolved.ipv4(0x5DB8_D822), "93.184.216.34"),
        (.ipv6([0x26, 0x06, 0x47, 0, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11]), "2606:4700:4700::1111"),
    ])
    func literal(address: AddressPolicy.Resolved, text: String) {
        #expect(address.description == text)
    }
}
