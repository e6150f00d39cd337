import AsyncHTTPClient
import Foundation
import NIOCore
import Storage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// moto's server mode (PyPI `moto[server]`) on a free loopback port: the real S3-compatible server the blob
/// store tests run against (SPEC §17: never a mock of our own store). Found from `MOTO_SERVER`, else the
/// package's `.venv/bin/moto_server`, else `PATH`.
struct MotoServer: Sendable {
    let endpoint: String
    let process: Process
    let log: String

    /// Starts a server and waits until it answers.
    static func start() async throws -> MotoServer {
        let executable = try findExecutable()
        let port = try freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(port)-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        // Its request log goes to a file: a pipe nobody reads would fill and stall the server.
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        (process.standardOutput, process.standardError) = (output, output)
        try process.run()
        let server = MotoServer(endpoint: "http://127.0.0.1:\(port)", process: process, log: log)
        for _ in 0..<300 {
            if !process.isRunning { break }
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: server.endpoint + "/moto-api/"), timeout: .seconds(2)),
                response.status.code == 200
            {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        let tail = (try? String(contentsOfFile: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
        throw MotoUnavailable(
            "moto_server at \(executable) did not answer on port \(port) within 30 seconds; its output ends with: \(tail)")
    }

    static func attempt() async -> Result<MotoServer, any Error> {
        do { return .success(try await start()) } catch { return .failure(error) }
    }

    /// Kills the server: it keeps no state worth a clean exit, and on SIGTERM it would wait for the
    /// client's idle keep-alive connections to close first.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        try? FileManager.default.removeItem(atPath: log)
    }

    /// Sends one request signed with `signer` (service s3 or iam) and returns the status and body.
    func send(
        _ method: String, _ path: String, signer: SigV4, headers: [(name: String, value: String)] = [], body: String = ""
    ) async throws -> (status: UInt, headers: [(String, String)], body: String) {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .init(rawValue: method)
        let signed = signer.sign(method: method, url: endpoint + path, headers: headers, payloadHash: SigV4.sha256Hex(Data(body.utf8)))
        for (name, value) in signed.headers { request.headers.add(name: name, value: value) }
        if method != "GET", method != "HEAD" { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, response.headers.map { ($0.name, $0.value) }, String(buffer: answer))
    }

    /// Creates `bucket`, then (when `checkingSignatures`) an IAM user allowed everything and its access key,
    /// and switches moto's IAM authentication on: from then on moto verifies every signature with botocore's
    /// signer. Returns the credentials to use.
    func prepare(bucket: String, checkingSignatures: Bool) async throws -> (accessKey: String, secretKey: String) {
        let anyone = SigV4(accessKey: "test", secretKey: "test", region: "us-east-1")
        let created = try await send("PUT", "/\(bucket)", signer: anyone)
        guard created.status == 200 else { throw MotoUnavailable("moto refused to create the bucket \(bucket): \(created.body)") }
        guard checkingSignatures else { return ("test", "test") }
        let iam = SigV4(accessKey: "test", secretKey: "test", region: "us-east-1", service: "iam")
        let form = [("Content-Type", "application/x-www-form-urlencoded")].map { (name: $0.0, value: $0.1) }
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await send("POST", "/", signer: iam, headers: form, body: "Action=CreateUser&UserName=prism&Version=2010-05-08")
        _ = try await send(
            "POST", "/", signer: iam, headers: form,
            body: "Action=PutUserPolicy&UserName=prism&PolicyName=all&PolicyDocument=\(SigV4.encode(policy, keepingSlashes: false))&Version=2010-05-08")
        let key = try await send("POST", "/", signer: iam, headers: form, body: "Action=CreateAccessKey&UserName=prism&Version=2010-05-08")
        guard let accessKey = Self.element("AccessKeyId", in: key.body), let secretKey = Self.element("SecretAccessKey", in: key.body) else {
            throw MotoUnavailable("moto did not create an IAM access key: \(key.body)")
        }
        var reset = HTTPClientRequest(url: endpoint + "/moto-api/reset-auth")
        reset.method = .POST
        reset.body = .bytes(ByteBuffer(string: "0"))
        _ = try await HTTPClient.shared.execute(reset, timeout: .seconds(10)).body.collect(upTo: 1 << 16)
        return (accessKey, secretKey)
    }

    private static func element(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    private static func findExecutable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MOTO_SERVER"], !chosen.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: chosen) else {
                throw MotoUnavailable("MOTO_SERVER=\(chosen) is not an executable file: point it at moto_server, or unset it.")
            }
            return chosen
        }
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [packageRoot.appendingPathComponent(".venv/bin/moto_server").path]
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/moto_server" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MotoUnavailable(
                "moto_server was not found in .venv/bin or on PATH: run make venv, which installs moto[server] from Tests/clients/requirements.txt, or pip install 'moto[server]', or set MOTO_SERVER to its path.")
        }
        return found
    }

    /// A port the kernel just handed out on loopback: moto cannot bind port 0 and report the port it got.
    private static func freePort() throws -> Int {
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let fd = socket(AF_INET, socketType, 0)
        guard fd >= 0 else { throw MotoUnavailable("No socket could be opened to find a free port for moto.") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw MotoUnavailable("No free loopback port could be found for moto.") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why moto could not be used, with what to do about it; the tests fail with it, never skip.
struct MotoUnavailable: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The two moto servers of the blob store tests: `checked` verifies every signature (IAM authentication on),
/// `plain` does not, and so serves presigned links, which moto's IAM check cannot read.
struct S3Servers: Sendable {
    let checked: MotoServer
    let plain: MotoServer
    let accessKey: String
    let secretKey: String
    static let bucket = "prism"
    @TaskLocal static var current: S3Servers?

    /// The environment of a store on the checked server under a prefix of its own, so tests never collide.
    func environment(bucket: String = S3Servers.bucket, secret: String? = nil, on server: MotoServer? = nil) -> [String: String] {
        [
            "MEDIA_STORE": "s3://\(bucket)/test-\(UUID().uuidString.prefix(8))", "S3_ENDPOINT": (server ?? checked).endpoint,
            "AWS_ACCESS_KEY_ID": server == nil ? accessKey : "test", "AWS_SECRET_ACCESS_KEY": secret ?? (server == nil ? secretKey : "test"),
        ]
    }
}

/// Starts both servers around the suite it is attached to and stops them after its last test.
struct WithS3Servers: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        // Started side by side; one that started is stopped even when the other failed.
        async let checked = MotoServer.attempt()
        async let plain = MotoServer.attempt()
        let started = await [checked, plain]
        defer { for case .success(let server) in started { server.stop() } }
        let (checkedServer, plainServer) = try (started[0].get(), started[1].get())
        _ = try await plainServer.prepare(bucket: S3Servers.bucket, checkingSignatures: false)
        let (accessKey, secretKey) = try await checkedServer.prepare(bucket: S3Servers.bucket, checkingSignatures: true)
        let servers = S3Servers(checked: checkedServer, plain: plainServer, accessKey: accessKey, secretKey: secretKey)
        try await S3Servers.$current.withValue(servers) { try await function() }
    }
}

extension Trait where Self == WithS3Servers {
    /// Runs the suite with moto servers in `S3Servers.current`.
    static var s3Servers: Self { WithS3Servers() }
}
