import AsyncHTTPClient
import Storage
import Testing

/// `MEDIA_STORE`, `S3_ENDPOINT`, `S3_REGION`, `S3_PATH_STYLE` and the AWS credentials as SPEC §17 reads them.
@Suite("S3 configuration from the environment")
struct S3LocationTests {
    static let credentials = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "very-secret"]

    func location(_ environment: [String: String]) throws -> S3Location? {
        try S3Location(environment: environment.merging(Self.credentials) { given, _ in given })
    }

    @Test("no s3:// MEDIA_STORE means no S3 store", arguments: [[:], ["MEDIA_STORE": "/var/lib/prism/media"], ["MEDIA_STORE": " "]])
    func notS3(environment: [String: String]) throws {
        #expect(try location(environment) == nil)
        #expect(try S3BlobStore.from(environment: environment, httpClient: .shared) == nil)
    }

    @Test("AWS by default: the regional endpoint, virtual-hosted style, us-east-1 unless S3_REGION says otherwise")
    func awsDefaults() throws {
        let plain = try #require(try location(["MEDIA_STORE": "s3://prism"]))
        #expect(plain == S3Location(bucket: "prism", endpoint: "https://s3.us-east-1.amazonaws.com", pathStyle: false, accessKey: "AKIDEXAMPLE", secretKey: "very-secret"))
        let regional = try #require(try location(["MEDIA_STORE": "s3://prism/media/images/", "S3_REGION": "eu-west-1"]))
        #expect(regional.prefix == "media/images" && regional.endpoint == "https://s3.eu-west-1.amazonaws.com" && !regional.pathStyle)
        let store = S3BlobStore(location: regional, httpClient: .shared)
        let url = try #require(store.presignedURL("ab/abc.png", seconds: 3600))
        #expect(url.hasPrefix("https://prism.s3.eu-west-1.amazonaws.com/media/images/ab/abc.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(url.contains("%2Feu-west-1%2Fs3%2Faws4_request") && url.contains("X-Amz-Expires=3600"))
    }

    @Test("S3_ENDPOINT switches to path style unless S3_PATH_STYLE=false; a trailing slash is dropped")
    func endpoint() throws {
        let minio = try #require(try location(["MEDIA_STORE": "s3://prism/m", "S3_ENDPOINT": "http://127.0.0.1:9000/"]))
        #expect(minio.endpoint == "http://127.0.0.1:9000" && minio.pathStyle)
        let url = try #require(S3BlobStore(location: minio, httpClient: .shared).presignedURL("ab/a b.png", seconds: 60))
        #expect(url.hasPrefix("http://127.0.0.1:9000/prism/m/ab/a%20b.png?"))
        let hosted = try #require(try location(["MEDIA_STORE": "s3://prism", "S3_ENDPOINT": "https://r2.example.com", "S3_PATH_STYLE": "false"]))
        #expect(!hosted.pathStyle)
        #expect(S3BlobStore(location: hosted, httpClient: .shared).presignedURL("a.png", seconds: 60)?.hasPrefix("https://prism.r2.example.com/a.png?") == true)
    }

    @Test(
        "a value that cannot work throws one sentence naming what to fix, without the secret",
        arguments: [
            (["MEDIA_STORE": "s3://"], "MEDIA_STORE"), (["MEDIA_STORE": "s3://Bad_Bucket/x"], "MEDIA_STORE"),
            (["MEDIA_STORE": "s3://prism/../x"], "MEDIA_STORE"), (["MEDIA_STORE": "s3://prism", "S3_ENDPOINT": "127.0.0.1:9000"], "S3_ENDPOINT"),
            (["MEDIA_STORE": "s3://prism", "S3_ENDPOINT": "http://minio:9000/base"], "S3_ENDPOINT"),
            (["MEDIA_STORE": "s3://prism", "S3_PATH_STYLE": "maybe"], "S3_PATH_STYLE"), (["MEDIA_STORE": "s3://prism", "S3_REGION": "eu west"], "S3_REGION"),
            (["MEDIA_STORE": "s3://prism", "AWS_ACCESS_KEY_ID": ""], "AWS_ACCESS_KEY_ID"),
            (["MEDIA_STORE": "s3://prism", "AWS_SECRET_ACCESS_KEY": ""], "AWS_SECRET_ACCESS_KEY"),
        ])
    func malformed(environment: [String: String], names variable: String) throws {
        let error = #expect(throws: BlobStoreError.self) { try location(environment) }
        let sentence = error?.description ?? ""
        #expect(sentence.contains(variable) && sentence.hasSuffix(".") && !sentence.contains("`") && !sentence.contains("very-secret"), "\(sentence)")
    }

    @Test("the description names the place and never the secret")
    func description() throws {
        let location = try #require(try location(["MEDIA_STORE": "s3://prism/media", "S3_ENDPOINT": "http://127.0.0.1:9000"]))
        #expect(String(describing: location) == "s3://prism/media at http://127.0.0.1:9000 (us-east-1, path style)")
    }
}
