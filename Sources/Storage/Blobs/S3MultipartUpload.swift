import AsyncHTTPClient
import NIOCore

/// One multipart upload in progress (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
/// AbortMultipartUpload): how `S3BlobStore` writes a streamed body of any size in bounded memory.
struct S3MultipartUpload {
    let store: S3BlobStore
    let object: String
    let uploadID: String
    /// The ETag of each part sent, in part-number order: CompleteMultipartUpload lists them all.
    private(set) var etags: [String] = []

    /// Starts an upload of `object`; its content type is given now, since the parts carry none.
    static func start(_ object: String, contentType: String, in store: S3BlobStore) async throws -> S3MultipartUpload {
        let response = try await store.send(
            "POST", store.location.url(object, query: "uploads="), headers: [("Content-Type", contentType)],
            doing: "start an upload of \(object)")
        let body = try await S3BlobStore.collect(response.body)
        guard response.status.code == 200, let uploadID = S3BlobStore.element("UploadId", in: body) else {
            throw store.failure(response, body: body, doing: "start an upload of \(object)")
        }
        return S3MultipartUpload(store: store, object: object, uploadID: uploadID)
    }

    /// Sends the next part (every part but the last must be at least 5 MiB), its SHA-256 signed.
    mutating func send(_ part: ByteBuffer) async throws {
        let number = etags.count + 1
        let response = try await store.send(
            "PUT", url("partNumber=\(number)&"), body: part, payloadHash: S3BlobStore.sha256Hex(part),
            doing: "upload part \(number) of \(object)")
        let body = try await S3BlobStore.collect(response.body)
        guard response.status.code == 200, let etag = response.headers.first(name: "etag") else {
            throw store.failure(response, body: body, doing: "upload part \(number) of \(object)")
        }
        etags.append(etag)
    }

    /// Joins the parts into the object.
    func complete() async throws {
        let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }
        let document = ByteBuffer(string: "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>")
        let response = try await store.send(
            "POST", url(), headers: [("Content-Type", "application/xml")], body: document,
            payloadHash: S3BlobStore.sha256Hex(document), doing: "complete the upload of \(object)")
        let body = try await S3BlobStore.collect(response.body)
        // S3 can answer 200 and still report a failure inside the body, once the parts have been joined.
        guard response.status.code == 200, S3BlobStore.element("Code", in: body) == nil else {
            throw store.failure(response, body: body, doing: "complete the upload of \(object)")
        }
    }

    /// Drops the parts sent so far; best effort, since it runs while another error is on its way out. It runs
    /// in a task of its own, so that it still goes out when the upload failed because its task was cancelled.
    func abort() async {
        let (store, url, object) = (store, url(), object)
        await Task {
            if let response = try? await store.send("DELETE", url, doing: "abort the upload of \(object)") {
                _ = try? await S3BlobStore.collect(response.body)
            }
        }.value
    }

    private func url(_ query: String = "") -> String {
        store.location.url(object, query: query + "uploadId=" + SigV4.encode(uploadID, keepingSlashes: false))
    }
}
