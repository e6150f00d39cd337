import AsyncHTTPClient
import Foundation
import NIOCore

/// Blobs as objects in an S3-compatible bucket (AWS, MinIO, Cloudflare R2, Ceph, moto), under
/// `MEDIA_STORE`'s prefix, over SigV4-signed requests sent with the shared `HTTPClient` (SPEC §17).
///
/// A body given whole is sent in one PUT with its SHA-256 signed. A streamed body is buffered up to 16 MiB;
/// past that it goes up as a multipart upload in 16 MiB parts, aborted when anything fails, so memory
/// stays bounded whatever the size. Reads stream the response body as it arrives.
///
/// ```swift
/// if let s3 = try S3BlobStore.from(environment: ProcessInfo.processInfo.environment, httpClient: .shared) {
///     try await s3.check() // fails start-up with a sentence when the bucket or the credentials are wrong
/// }
/// ```
public struct S3BlobStore: BlobStore {
    public let location: S3Location
    let httpClient: HTTPClient
    let signer: SigV4
    /// The part size of multipart uploads, and the size up to which a stream is sent in one PUT.
    static let partSize = 16 << 20

    /// How long a request may take until its answer starts, a body's upload included (at 256 KiB/s at least).
    let timeout: TimeAmount

    /// A store of `location`; `timeout` bounds each request until its answer starts, plus one second per
    /// 256 KiB sent. An unreachable endpoint fails after it, since the client retries connecting until then.
    public init(location: S3Location, httpClient: HTTPClient, timeout: TimeAmount = .seconds(20)) {
        self.location = location
        self.httpClient = httpClient
        self.timeout = timeout
        signer = SigV4(
            accessKey: location.accessKey, secretKey: location.secretKey, region: location.region, sessionToken: location.sessionToken)
    }

    /// The store `environment` configures, or nil when `MEDIA_STORE` is not an `s3://` location; a malformed
    /// value or missing credentials throw a `BlobStoreError` naming what to fix.
    public static func from(environment: [String: String], httpClient: HTTPClient) throws -> S3BlobStore? {
        try S3Location(environment: environment).map { S3BlobStore(location: $0, httpClient: httpClient) }
    }

    public func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws {
        let object = try objectKey(key)
        guard try await head(key) == nil else { return }
        try await upload(object, bytes, contentType: contentType)
    }

    public func put(_ key: String, stream: AsyncThrowingStream<ByteBuffer, any Error>, contentType: String) async throws {
        let object = try objectKey(key)
        guard try await head(key) == nil else { return }
        var buffer = ByteBuffer()
        var upload: S3MultipartUpload?
        do {
            for try await chunk in stream {
                buffer.writeImmutableBuffer(chunk)
                while buffer.readableBytes > Self.partSize {
                    if upload == nil { upload = try await S3MultipartUpload.start(object, contentType: contentType, in: self) }
                    try await upload?.send(buffer.readSlice(length: Self.partSize)!)
                }
                buffer.discardReadBytes()
            }
            if upload != nil {
                if buffer.readableBytes > 0 { try await upload?.send(buffer) }
                try await upload?.complete()
            } else {
                try await self.upload(object, buffer, contentType: contentType)
            }
        } catch {
            // An upload left open keeps its parts (and their cost) in the bucket until it is aborted.
            await upload?.abort()
            throw error
        }
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        let response = try await send("HEAD", location.url(try objectKey(key)), doing: "read \(key)")
        switch response.status.code {
        case 200: return info(response.headers.first(name: "content-length").flatMap(Int.init) ?? 0, response)
        case 404: return nil
        default: throw failure(response, body: nil, doing: "read \(key)")
        }
    }

    public func get(_ key: String, range: ClosedRange<Int>?) async throws -> BlobBody? {
        let headers = range.map { [(name: "Range", value: "bytes=\($0.lowerBound)-\($0.upperBound)")] } ?? []
        let response = try await send("GET", location.url(try objectKey(key)), headers: headers, doing: "read \(key)")
        switch response.status.code {
        case 200:
            let size = response.headers.first(name: "content-length").flatMap(Int.init) ?? 0
            return BlobBody(info: info(size, response), range: nil, chunks: Self.stream(response.body))
        case 206:
            // Content-Range: bytes 0-9/1234 says both the part served and the whole size.
            let contentRange = response.headers.first(name: "content-range") ?? ""
            let numbers = contentRange.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 3 else { throw BlobStoreError("The S3 server answered a range of \(key) without a usable Content-Range.") }
            return BlobBody(info: info(numbers[2], response), range: numbers[0]...numbers[1], chunks: Self.stream(response.body))
        case 416:
            throw BlobStoreError("The range \(range.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "") starts outside the object \(key).")
        default:
            let body = try await Self.collect(response.body)
            // A missing key is an answer; a missing bucket (also a 404) is a configuration error.
            if response.status.code == 404, Self.element("Code", in: body) == "NoSuchKey" { return nil }
            throw failure(response, body: body, doing: "read \(key)")
        }
    }

    public func delete(_ key: String) async throws {
        let response = try await send("DELETE", location.url(try objectKey(key)), doing: "delete \(key)")
        let body = try await Self.collect(response.body)
        guard (200..<300).contains(response.status.code) || Self.element("Code", in: body) == "NoSuchKey" else {
            throw failure(response, body: body, doing: "delete \(key)")
        }
    }

    public func presignedURL(_ key: String, seconds: Int) -> String? {
        guard let object = try? objectKey(key) else { return nil }
        return signer.presign(url: location.url(object), expires: seconds)
    }

    public func check() async throws {
        let key = "probe/ready-\(UUID().uuidString).txt"
        try await upload(try objectKey(key), ByteBuffer(string: "ok"), contentType: "text/plain")
        guard try await text(of: key) == "ok" else {
            throw BlobStoreError("The S3 bucket \(location.bucket) did not keep a probe object written to it: check that \(location.endpoint) is an S3 server.")
        }
        try await delete(key)
    }

    // MARK: Requests

    private func objectKey(_ key: String) throws -> String {
        try BlobStoreError.validate(key)
        return location.objectKey(key)
    }

    /// One PUT of a whole body, its SHA-256 signed so that a body damaged on the way is refused.
    private func upload(_ object: String, _ bytes: ByteBuffer, contentType: String) async throws {
        let hash = S3BlobStore.sha256Hex(bytes)
        let response = try await send(
            "PUT", location.url(object), headers: [("Content-Type", contentType)], body: bytes, payloadHash: hash, doing: "write \(object)")
        let body = try await Self.collect(response.body)
        guard response.status.code == 200 else { throw failure(response, body: body, doing: "write \(object)") }
    }

    /// Signs and sends one request; a server that cannot be reached becomes a sentence about S3_ENDPOINT.
    func send(
        _ method: String, _ url: String, headers: [(name: String, value: String)] = [], body: ByteBuffer? = nil,
        payloadHash: String = SigV4.emptyPayloadHash, doing action: String
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        switch method {
        case "PUT": request.method = .PUT
        case "POST": request.method = .POST
        case "HEAD": request.method = .HEAD
        case "DELETE": request.method = .DELETE
        default: request.method = .GET
        }
        for (name, value) in signer.sign(method: method, url: url, headers: headers, payloadHash: payloadHash).headers {
            request.headers.add(name: name, value: value)
        }
        // POST and PUT always carry a length, which S3 requires even for an empty body.
        if let body {
            request.body = .bytes(body)
        } else if method == "POST" || method == "PUT" {
            request.body = .bytes(ByteBuffer())
        }
        do {
            // The deadline only runs until the answer's head: a long download is never cut short by it.
            let sending = TimeAmount.seconds(Int64((body?.readableBytes ?? 0) >> 18))
            return try await httpClient.execute(request, timeout: timeout + sending)
        } catch where !Task.isCancelled {
            throw BlobStoreError(
                "Prism could not reach the S3 endpoint \(location.endpoint) to \(action); check S3_ENDPOINT and that the server is running (\(error)).")
        }
    }

    /// An S3 error answer as a sentence that says what to fix; the secret is never part of it.
    func failure(_ response: HTTPClientResponse, body: ByteBuffer?, doing action: String) -> BlobStoreError {
        let text = body.map { String(buffer: $0) } ?? ""
        let code = Self.element("Code", in: body) ?? "HTTP \(response.status.code)"
        let message = (Self.element("Message", in: body) ?? response.status.reasonPhrase)
            .replacingOccurrences(of: location.secretKey, with: "(secret)")
        let bucket = location.bucket
        switch code {
        case "NoSuchBucket":
            return BlobStoreError("The S3 bucket \(bucket) does not exist: create it or fix MEDIA_STORE.")
        case "InvalidAccessKeyId":
            return BlobStoreError("The S3 server does not know the access key \(location.accessKey): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        case "SignatureDoesNotMatch":
            return BlobStoreError(
                "The S3 server refused the signature made with AWS_SECRET_ACCESS_KEY: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and S3_REGION).")
        case "AccessDenied", "HTTP 403":
            return BlobStoreError(
                "The S3 server denied access to the bucket \(bucket): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and the bucket's permissions.")
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException", "HTTP 301":
            return BlobStoreError("The S3 bucket \(bucket) is in another region than \(location.region): set S3_REGION to the bucket's region.")
        default:
            let detail = text.isEmpty ? "" : " (\(code): \(message))"
            return BlobStoreError(
                "The S3 server refused to \(action) in the bucket \(bucket) with HTTP \(response.status.code)\(detail); check MEDIA_STORE and S3_ENDPOINT.")
        }
    }

    private func info(_ size: Int, _ response: HTTPClientResponse) -> BlobInfo {
        BlobInfo(size: size, contentType: response.headers.first(name: "content-type"))
    }

    static func sha256Hex(_ bytes: ByteBuffer) -> String {
        bytes.withUnsafeReadableBytes { SigV4.sha256Hex($0) }
    }

    /// A small answer (an XML document), read whole; error answers and multipart replies are a few hundred bytes.
    static func collect(_ body: HTTPClientResponse.Body) async throws -> ByteBuffer {
        try await body.collect(upTo: 1 << 20)
    }

    /// The text of the first `<name>` element: S3's answers are flat enough that no XML parser is needed.
    static func element(_ name: String, in body: ByteBuffer?) -> String? {
        guard let body, let text = body.getString(at: body.readerIndex, length: body.readableBytes),
            let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The response body pulled chunk by chunk as the reader asks, so a slow client holds the download back.
    private static func stream(_ body: HTTPClientResponse.Body) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let reader = BodyReader(body)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }
}

/// Holds a response body's iterator between the reader's requests; the iterator never leaves the actor.
private actor BodyReader {
    let body: HTTPClientResponse.Body
    var iterator: HTTPClientResponse.Body.AsyncIterator?

    init(_ body: HTTPClientResponse.Body) {
        self.body = body
    }

    func next() async throws -> ByteBuffer? {
        var iterator = self.iterator ?? body.makeAsyncIterator()
        defer { self.iterator = iterator }
        return try await iterator.next(isolation: self)
    }
}
