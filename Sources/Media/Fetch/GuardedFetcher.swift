import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Fetches client-supplied URLs (SPEC §10): http(s) only; every address the host resolves to must be
/// public and not one of this host's own (unless `allowPrivate`); the connection goes to the very address
/// that was checked, so a second DNS answer (rebinding) cannot send it elsewhere; at most `maxBytes`
/// within `timeoutSeconds`; redirects followed by hand and checked again at every hop.
public struct GuardedFetcher: Sendable {
    /// Resolves a host name to its addresses; the system resolver, or a stub in tests.
    public typealias Resolver = @Sendable (String) -> [AddressPolicy.Resolved]
    /// Whether an address may not be reached.
    public typealias Refusal = @Sendable (AddressPolicy.Resolved) -> Bool

    let allowPrivate: Bool
    let maxBytes: Int
    let timeoutSeconds: Int
    let resolver: Resolver
    let refuses: Refusal

    public init(
        allowPrivate: Bool, maxBytes: Int, timeoutSeconds: Int, resolver: @escaping Resolver = AddressPolicy.resolve,
        refuses: @escaping Refusal = GuardedFetcher.standardRefusal
    ) {
        self.allowPrivate = allowPrivate
        self.maxBytes = maxBytes
        self.timeoutSeconds = timeoutSeconds
        self.resolver = resolver
        self.refuses = refuses
    }

    /// Special-purpose ranges and this host's own interface addresses.
    public static let standardRefusal: Refusal = { address in
        address.isRefused || AddressPolicy.ownAddresses().contains(address)
    }

    /// Why a URL was not fetched; `refused` is the SPEC's `url_not_allowed`.
    public enum Failure: Error, Sendable, Equatable {
        case refused(String)
        case failed(String)
    }

    public func fetch(_ url: String) async throws(Failure) -> (bytes: [UInt8], mimeType: String?) {
        var current = url
        for _ in 0..<5 {
            let pinned = try await check(current)
            // One client per hop, told to connect to the checked address; redirects are ours to follow.
            var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
            if let pinned { configuration.dnsOverride = [pinned.host: pinned.address.description] }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let outcome: Result<Hop, Failure>
            do { outcome = .success(try await hop(current, client: client)) } catch { outcome = .failure(error) }
            try? await client.shutdown()
            switch try outcome.get() {
            case .redirect(let next): current = next
            case .done(let bytes, let mimeType): return (bytes, mimeType)
            }
        }
        throw .failed("the image URL redirected too often")
    }

    private enum Hop {
        case redirect(String)
        case done([UInt8], String?)
    }

    private func hop(_ url: String, client: HTTPClient) async throws(Failure) -> Hop {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(Int64(timeoutSeconds)))
        } catch {
            throw .failed("the image URL could not be fetched (\(String(describing: error).prefix(80)))")
        }
        if (300..<400).contains(response.status.code), let location = response.headers.first(name: "location") {
            guard let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString else { throw .failed("a redirect led nowhere") }
            return .redirect(next)
        }
        guard response.status == .ok else { throw .failed("the image URL answered \(response.status.code)") }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return .done(Array(body.readableBytesView), response.headers.first(name: "content-type"))
        } catch {
            throw .failed("the image at the URL is larger than \(maxBytes) bytes")
        }
    }

    /// Refuses a URL whose scheme is not http(s) or whose host resolves to a refused address; returns the
    /// host and the checked address to connect to (`nil` when private addresses are allowed).
    @discardableResult
    public func check(_ url: String) async throws(Failure) -> (host: String, address: AddressPolicy.Resolved)? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty
        else { throw .refused("only http and https URLs can be fetched") }
        guard !allowPrivate else { return nil }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let (resolver, refuses) = (self.resolver, self.refuses)
        let checked = try? await NIOThreadPool.singleton.runIfActive { () -> ([AddressPolicy.Resolved], Bool) in
            let addresses = resolver(bare)
            return (addresses, addresses.contains(where: refuses))
        }
        guard let (addresses, refused) = checked, let first = addresses.first else { throw .failed("the host \(host) could not be resolved") }
        if refused {
            throw .refused("\(host) is a loopback, private, link-local, multicast, reserved or special-purpose address, or this gateway's own")
        }
        return (host, first)
    }
}
