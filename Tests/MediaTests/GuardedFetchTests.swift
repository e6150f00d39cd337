import AsyncHTTPClient
import Media
import Testing

@Suite("Guarded fetching of client URLs (SPEC §10)")
struct GuardedFetchTests {
    @Test("private, loopback, link-local, multicast and unspecified hosts are refused in every spelling", arguments: [
        "127.0.0.1", "2130706433", "0x7f.1", "0x7f000001", "017700000001", "127.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::",
        "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "fe80::1", "fd00::1", "localhost",
    ])
    func refused(host: String) {
        let addresses = AddressPolicy.resolve(host)
        #expect(!addresses.isEmpty, "\(host) did not resolve")
        let refused = addresses.contains { $0.isRefused }
        #expect(refused, "\(host) → \(addresses)")
    }

    @Test("public addresses pass", arguments: ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"])
    func allowed(host: String) {
        let addresses = AddressPolicy.resolve(host)
        let refused = addresses.contains { $0.isRefused }
        #expect(!addresses.isEmpty && !refused)
    }

    @Test("schemes other than http(s) and private hosts are refused before any request; allowPrivate lifts the range rule")
    func check() async {
        let strict = GuardedFetcher(httpClient: HTTPClient.shared, allowPrivate: false, maxBytes: 1000, timeoutSeconds: 2)
        for url in ["ftp://example.com/a.png", "file:///etc/passwd", "http://[::ffff:127.0.0.1]:8080/x", "http://2130706433/x", "https://10.0.0.1/a"] {
            await #expect(throws: GuardedFetcher.Failure.self) { try await strict.check(url) }
        }
        let lenient = GuardedFetcher(httpClient: HTTPClient.shared, allowPrivate: true, maxBytes: 1000, timeoutSeconds: 2)
        var passed = true
        do { try await lenient.check("http://127.0.0.1:1/x") } catch { passed = false }
        #expect(passed)
    }
}
