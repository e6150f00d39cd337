import Foundation

/// Where `S3BlobStore` keeps objects and how it reaches them, read from the environment (SPEC §17):
/// `MEDIA_STORE=s3://bucket/prefix`, `S3_ENDPOINT`, `S3_REGION`, `S3_PATH_STYLE`, `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN` for temporary credentials).
///
/// ```swift
/// if let location = try S3Location(environment: ProcessInfo.processInfo.environment) {
///     print(location) // s3://prism/media at http://127.0.0.1:9000 (us-east-1, path style)
/// }
/// ```
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// The key prefix without leading or trailing slashes; empty for the bucket's root.
    public var prefix: String
    /// `scheme://host[:port]`, no path: AWS's regional endpoint unless `S3_ENDPOINT` names another server.
    public var endpoint: String
    public var region: String
    /// Path style puts the bucket in the path (`endpoint/bucket/key`), as MinIO, moto and Ceph want;
    /// virtual-hosted style puts it in the host name (`bucket.endpoint/key`), as AWS prefers.
    public var pathStyle: Bool
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?

    public init(
        bucket: String, prefix: String = "", endpoint: String, region: String = "us-east-1", pathStyle: Bool = true,
        accessKey: String, secretKey: String, sessionToken: String? = nil
    ) {
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
        self.endpoint = endpoint
        self.region = region
        self.pathStyle = pathStyle
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
    }

    /// The location `environment` describes; nil when `MEDIA_STORE` does not start with `s3://`. A value
    /// that cannot work throws a `BlobStoreError` naming the variable to fix.
    public init?(environment: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        guard let store = value("MEDIA_STORE"), store.lowercased().hasPrefix("s3://") else { return nil }
        let path = store.dropFirst("s3://".count)
        let bucket = String(path.prefix { $0 != "/" })
        guard !bucket.isEmpty else {
            throw BlobStoreError("MEDIA_STORE=\(store) names no bucket: write it as s3://bucket or s3://bucket/prefix.")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard (3...63).contains(bucket.count), bucket.allSatisfy(allowed.contains), bucket.first != "-", bucket.first != "." else {
            throw BlobStoreError(
                "The bucket name \(bucket) in MEDIA_STORE is not valid: use 3 to 63 lower-case letters, digits, dots and hyphens.")
        }
        let prefix = String(path.dropFirst(bucket.count))
        guard !prefix.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
            throw BlobStoreError("The prefix in MEDIA_STORE=\(store) has a . or .. part: write a plain prefix such as s3://bucket/media.")
        }

        let region = value("S3_REGION") ?? "us-east-1"
        guard region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw BlobStoreError("S3_REGION=\(region) is not a region name such as us-east-1 (or auto for Cloudflare R2): fix S3_REGION.")
        }
        var endpoint = "https://s3.\(region).amazonaws.com"
        if let given = value("S3_ENDPOINT") {
            guard let parsed = URLComponents(string: given), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                let host = parsed.host, !host.isEmpty, parsed.path.isEmpty || parsed.path == "/", parsed.query == nil
            else {
                throw BlobStoreError(
                    "S3_ENDPOINT=\(given) is not a URL such as http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com: give a scheme, a host and an optional port, without a path.")
            }
            endpoint = "\(scheme)://\(host)" + (parsed.port.map { ":\($0)" } ?? "")
        }
        // Servers named by S3_ENDPOINT (MinIO, moto, Ceph) usually want the bucket in the path; AWS wants it in the host.
        var pathStyle = value("S3_ENDPOINT") != nil
        if let style = value("S3_PATH_STYLE") {
            switch style.lowercased() {
            case "true", "1", "yes": pathStyle = true
            case "false", "0", "no": pathStyle = false
            default: throw BlobStoreError("S3_PATH_STYLE=\(style) is neither true nor false: set it to true or false.")
            }
        }
        guard let accessKey = value("AWS_ACCESS_KEY_ID") else {
            throw BlobStoreError(
                "MEDIA_STORE names the S3 bucket \(bucket) but AWS_ACCESS_KEY_ID is not set: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        }
        guard let secretKey = value("AWS_SECRET_ACCESS_KEY") else {
            throw BlobStoreError(
                "MEDIA_STORE names the S3 bucket \(bucket) but AWS_SECRET_ACCESS_KEY is not set: set it with the secret of AWS_ACCESS_KEY_ID.")
        }
        self.init(
            bucket: bucket, prefix: prefix, endpoint: endpoint, region: region, pathStyle: pathStyle, accessKey: accessKey,
            secretKey: secretKey, sessionToken: value("AWS_SESSION_TOKEN"))
    }

    /// The location without its secret, for start-up lines and logs.
    public var description: String {
        "s3://\(bucket)\(prefix.isEmpty ? "" : "/" + prefix) at \(endpoint) (\(region), \(pathStyle ? "path style" : "virtual-hosted style"))"
    }

    /// The object key of a blob key: the blob key under the prefix.
    func objectKey(_ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix)/\(key)"
    }

    /// The URL of an object (or of the bucket when `objectKey` is nil), its key encoded the way it is signed.
    func url(_ objectKey: String?, query: String = "") -> String {
        let path = objectKey.map { "/" + SigV4.encode($0, keepingSlashes: true) } ?? (pathStyle ? "" : "/")
        let base: String
        if pathStyle {
            base = "\(endpoint)/\(bucket)"
        } else {
            let schemeEnd = endpoint.range(of: "://")!.upperBound
            base = endpoint[..<schemeEnd] + bucket + "." + endpoint[schemeEnd...]
        }
        return base + path + (query.isEmpty ? "" : "?" + query)
    }
}
