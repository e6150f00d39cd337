import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Fetches client-supplied URLs (SPEC §10): http(s) only; every address the host resolves to must be
/// public (unless `allowPrivate`); at most `maxBytes` within `timeoutSeconds`; redirects followed by hand
/// and checked again at every hop.
public struct GuardedFetcher: Sendable {
    let httpClient: HTTPClient
    let allowPrivate: Bool
    let maxBytes: Int
    let timeoutSeconds: Int

    /// - Parameter httpClient: a client that does not follow redirects itself.
    public init(httpClient: HTTPClient, allowPrivate: Bool, maxBytes: Int, timeoutSeconds: Int) {
        self.httpClient = httpClient
        self.allowPrivate = allowPrivate
        self.maxBytes = maxBytes
        self.timeoutSeconds = timeoutSeconds
    }

    /// Why a URL was not fetched; `refused` is the SPEC's `url_not_allowed`.
    public enum Failure: Error, Sendable, Equatable {
        case refused(String)
        case failed(String)
    }

    public func fetch(_ url: String) async throws(Failure) -> (bytes: [UInt8], mimeType: String?) {
        var current = url
        for _ in 0..<5 {
            try await check(current)
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(HTTPClientRequest(url: current), timeout: .seconds(Int64(timeoutSeconds)))
            } catch {
                throw .failed("the image URL could not be fetched (\(String(describing: error).prefix(80)))")
            }
            if (300..<400).contains(response.status.code), let location = response.headers.first(name: "location") {
                guard let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString else { throw .failed("a redirect led nowhere") }
                current = next
                continue
            }
            guard response.status == .ok else { throw .failed("the image URL answered \(response.status.code)") }
            do {
                let body = try await response.body.collect(upTo: maxBytes)
                return (Array(body.readableBytesView), response.headers.first(name: "content-type"))
            } catch {
                throw .failed("the image at the URL is larger than \(maxBytes) bytes")
            }
        }
        throw .failed("the image URL redirected too often")
    }

    /// Refuses a URL whose scheme is not http(s) or whose host resolves to a refused address.
    public func check(_ url: String) async throws(Failure) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty
        else { throw .refused("only http and https URLs can be fetched") }
        guard !allowPrivate else { return }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let addresses = (try? await NIOThreadPool.singleton.runIfActive { AddressPolicy.resolve(bare) }) ?? []
        guard !addresses.isEmpty else { throw .failed("the host `\(host)` could not be resolved") }
        if addresses.contains(where: \.isRefused) {
            throw .refused("`\(host)` is a loopback, private, link-local, multicast or unspecified address")
        }
    }
}
