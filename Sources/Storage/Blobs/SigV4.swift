import Crypto
import Foundation

/// AWS Signature Version 4: signs a request's headers (`sign`) or a URL's query (`presign`), as S3 and every
/// S3-compatible server (MinIO, R2, Ceph, moto) check them.
///
/// URLs are taken as they go on the wire. The path is percent-decoded and encoded again once with S3's rules
/// (every byte but `A-Z a-z 0-9 - . _ ~ /` as `%XX`; S3 does not encode twice and does not normalise `.` parts),
/// so a key may be given raw ("test$file.text") or encoded ("test%24file.text") with the same signature.
///
/// ```swift
/// let signer = SigV4(accessKey: "AKIDEXAMPLE", secretKey: secret, region: "us-east-1")
/// let signed = signer.sign(method: "PUT", url: "http://127.0.0.1:9000/prism/ab/abc.png",
///                          headers: [("Content-Type", "image/png")], payloadHash: SigV4.sha256Hex(bytes))
/// for (name, value) in signed.headers { request.headers.add(name: name, value: value) }
/// let link = signer.presign(url: "http://127.0.0.1:9000/prism/ab/abc.png", expires: 3600)
/// ```
public struct SigV4: Sendable, CustomStringConvertible {
    /// The payload hash to send when the body is not hashed (streams, presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of no bytes: the payload hash of GET, HEAD and DELETE.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public let accessKey: String
    private let secretKey: String
    public let region: String
    public let service: String
    /// Temporary credentials' token, sent as `x-amz-security-token` when set.
    public let sessionToken: String?

    public init(accessKey: String, secretKey: String, region: String, service: String = "s3", sessionToken: String? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
        self.sessionToken = sessionToken
    }

    /// Names the signer without its secret, so that logging it leaks nothing.
    public var description: String { "SigV4(\(accessKey), \(region), \(service))" }

    /// A signed request: the headers to send, and the intermediate strings (for tests and debugging).
    public struct Signed: Sendable {
        /// The caller's headers plus Host, X-Amz-Date, X-Amz-Content-SHA256 (for S3) and Authorization.
        public let headers: [(name: String, value: String)]
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
        public let authorization: String
    }

    /// Signs a request with the `Authorization` header. Every header given is signed; `payloadHash` is the
    /// body's hex SHA-256, `emptyPayloadHash`, or `unsignedPayload`.
    public func sign(
        method: String, url: String, headers: [(name: String, value: String)] = [], payloadHash: String, date: Date = Date()
    ) -> Signed {
        let target = Target(url)
        let (timestamp, day) = Self.timestamps(date)
        var sent = headers
        if !headers.contains(where: { $0.name.lowercased() == "host" }) { sent.insert(("Host", target.host), at: 0) }
        sent.append(("X-Amz-Date", timestamp))
        if service == "s3" { sent.append(("X-Amz-Content-SHA256", payloadHash)) }
        if let sessionToken { sent.append(("X-Amz-Security-Token", sessionToken)) }
        let (canonicalHeaders, signedHeaders) = Self.canonical(headers: sent)
        let canonicalRequest = [
            method.uppercased(), target.canonicalURI, Self.canonical(query: target.query), canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = signature(of: canonicalRequest, timestamp: timestamp, day: day)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope(day)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        sent.append(("Authorization", authorization))
        return Signed(
            headers: sent, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, authorization: authorization)
    }

    /// A URL that grants `method` on its target to whoever holds it, for `seconds` (S3 allows 1 to 604800),
    /// signed in its query (`X-Amz-Signature`), with the host as the only signed header.
    public func presign(method: String = "GET", url: String, expires seconds: Int, date: Date = Date()) -> String {
        let target = Target(url)
        let (timestamp, day) = Self.timestamps(date)
        var query = target.query
        query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKey)/\(scope(day))"), ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", String(min(max(seconds, 1), 604_800))), ("X-Amz-SignedHeaders", "host"),
        ]
        if let sessionToken { query.append(("X-Amz-Security-Token", sessionToken)) }
        let canonicalQuery = Self.canonical(query: query)
        let canonicalRequest = [
            method.uppercased(), target.canonicalURI, canonicalQuery, "host:\(target.host)\n", "host", Self.unsignedPayload,
        ].joined(separator: "\n")
        let signature = signature(of: canonicalRequest, timestamp: timestamp, day: day).signature
        return "\(target.scheme)://\(target.host)\(target.canonicalURI)?\(canonicalQuery)&X-Amz-Signature=\(signature)"
    }

    /// The lower-case hex SHA-256 of `bytes`: the payload hash of a body sent whole.
    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).hex
    }

    /// S3's URI encoding: unreserved characters as they are, `/` too when `keepingSlashes`, every other
    /// UTF-8 byte as upper-case `%XX`.
    public static func encode(_ string: String, keepingSlashes: Bool) -> String {
        var encoded = ""
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                encoded.append("/")
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private func scope(_ day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    private func signature(of canonicalRequest: String, timestamp: String, day: String) -> (stringToSign: String, signature: String) {
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope(day), Self.sha256Hex(Data(canonicalRequest.utf8))].joined(separator: "\n")
        // The signing key is derived per day, region and service, so a leaked one is worth little.
        var key = SymmetricKey(data: Data("AWS4\(secretKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return (stringToSign, HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key).hex)
    }

    /// Lower-cased, trimmed names with runs of spaces in values collapsed; repeated names joined by commas
    /// in the order given; sorted by name.
    private static func canonical(headers: [(name: String, value: String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[name.trimmingCharacters(in: .whitespaces).lowercased(), default: []].append(
                collapsed.trimmingCharacters(in: .whitespaces))
        }
        let names = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let lines = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (lines, names.joined(separator: ";"))
    }

    /// Names and values encoded strictly (`/` too), sorted by name then value, `name=` for an empty value.
    private static func canonical(query: [(String, String)]) -> String {
        query.map { (encode($0.0, keepingSlashes: false), encode($0.1, keepingSlashes: false)) }
            .sorted { $0.0 == $1.0 ? $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    private static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(parts.year!).leftPadded(to: 4) + String(parts.month!).leftPadded(to: 2) + String(parts.day!).leftPadded(to: 2)
        let time = [parts.hour!, parts.minute!, parts.second!].map { String($0).leftPadded(to: 2) }.joined()
        return ("\(day)T\(time)Z", day)
    }

    /// A URL split the way signing needs it: host (with a port that is not the scheme's default), decoded path
    /// encoded again, decoded query pairs.
    private struct Target {
        var scheme = "https", host = "", canonicalURI = "/", query: [(String, String)] = []

        init(_ url: String) {
            var rest = Substring(url)
            if let range = rest.range(of: "://") {
                scheme = rest[..<range.lowerBound].lowercased()
                rest = rest[range.upperBound...]
            }
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            host = rest[..<authorityEnd].lowercased()
            let defaultPort = scheme == "https" ? ":443" : ":80"
            if host.hasSuffix(defaultPort) { host.removeLast(defaultPort.count) }
            rest = rest[authorityEnd...]
            let pathEnd = rest.firstIndex(of: "?") ?? rest.endIndex
            let path = String(rest[..<pathEnd])
            if !path.isEmpty { canonicalURI = SigV4.encode(path.removingPercentEncoding ?? path, keepingSlashes: true) }
            if pathEnd < rest.endIndex {
                query = rest[rest.index(after: pathEnd)...].split(separator: "&").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let decode = { (part: Substring) in String(part).removingPercentEncoding ?? String(part) }
                    return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
                }
            }
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, two digits a byte.
    fileprivate var hex: String { map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
