import Foundation

/// A throwaway PostgreSQL cluster from Debian's `postgresql` package, shared by the whole test process:
/// `initdb` into a temporary directory, started with `pg_ctl` on a free loopback port the first time a test
/// asks for a database, stopped and removed once the test process has ended. Each test gets a database of
/// its own (`CREATE DATABASE` is fast), so tests run in parallel without seeing each other's rows.
///
/// `initdb` refuses to run as root, so as root the cluster runs as `nobody` (through `runuser`), in a
/// directory `nobody` owns; as anybody else it runs as the current user. Connections over TCP need the
/// password (SCRAM), as a real deployment would; the Unix socket in the cluster's directory is trusted, for
/// creating databases.
///
/// When PostgreSQL cannot be found or started, `newDatabase()` throws a sentence saying why and how to
/// install it, so every PostgreSQL test fails — none is skipped.
actor PostgresCluster {
    static let shared = PostgresCluster()
    /// The password of the `prism` user, which every URL carries.
    static let password = "prism-test-secret"

    private struct Running: Sendable {
        let port: Int
        let directory: String
        let binaries: String
        let runAs: String?
    }

    private var starting: Task<Running, any Error>?

    /// The URL of a new, empty database (`postgres://prism:…@127.0.0.1:<port>/t_<random>?sslmode=disable`).
    func newDatabase() async throws -> String {
        let cluster = try await running()
        let name = "t_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await Self.run(
            ["\(cluster.binaries)/psql", "-h", cluster.directory, "-p", String(cluster.port), "-U", "prism", "-d", "postgres", "-c", "CREATE DATABASE \(name)"],
            as: nil, errorLog: "\(cluster.directory)/psql-\(name).err")
        return "postgres://prism:\(Self.password)@127.0.0.1:\(cluster.port)/\(name)?sslmode=disable"
    }

    /// The cluster's port, for tests that build their own URLs.
    func port() async throws -> Int {
        try await running().port
    }

    private func running() async throws -> Running {
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        return try await task.value
    }

    private static func start() async throws -> Running {
        let binaries: String
        do {
            binaries = try findBinaries()
        } catch {
            throw ClusterError("PostgreSQL is needed by the store tests and was not found (\(error)); install Debian's postgresql package with apt-get install -y postgresql (make test does)")
        }
        do {
            let runAs = getuid() == 0 ? "nobody" : nil
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-pg-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let passwordFile = "\(directory)/password"
            try Data(password.utf8).write(to: URL(fileURLWithPath: passwordFile))
            if let runAs { try giveAway([directory, passwordFile], to: runAs) }
            let port = try freePort()
            try await run([
                "\(binaries)/initdb", "-D", "\(directory)/data", "-U", "prism", "--pwfile=\(passwordFile)", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
            ], as: runAs, errorLog: "\(directory)/initdb.err")
            // fsync and friends off: a test cluster need not survive a power cut, and runs much faster.
            let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off"
            try await run(["\(binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-o", options, "start"],
                          as: runAs, errorLog: "\(directory)/pg_ctl.err")
            try stopWhenDone(binaries: binaries, directory: directory, runAs: runAs)
            return Running(port: port, directory: directory, binaries: binaries, runAs: runAs)
        } catch {
            throw ClusterError("PostgreSQL (\(binaries)) could not be started for the store tests: \(error). Check that Debian's postgresql package is installed (apt-get install -y postgresql) and that runuser works")
        }
    }

    /// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb`.
    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
        guard let newest = versions.last else { throw ClusterError("there is no \(root)/<version>/bin/initdb") }
        return "\(root)/\(newest)/bin"
    }

    /// The cluster goes with the test process: a detached watcher stops it and removes its directory once
    /// this process has ended (Swift Testing has no hook at the very end of a run).
    private static func stopWhenDone(binaries: String, directory: String, runAs: String?) throws {
        let stop = "\(runAs.map { "runuser -u \($0) -- " } ?? "")\(binaries)/pg_ctl -D \(directory)/data -m immediate stop"
        _ = try spawn(["/bin/sh", "-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf \(directory)"],
                      errorLog: "/dev/null")
    }

    /// Runs a command to its end, polling for its exit rather than blocking a thread of the cooperative
    /// pool; its standard error goes to `errorLog`, shown when it fails.
    private static func run(_ command: [String], as user: String?, errorLog: String) async throws {
        defer { try? FileManager.default.removeItem(atPath: errorLog) }
        let pid = try spawn(user.map { ["/usr/sbin/runuser", "-u", $0, "--"] + command } ?? command, errorLog: errorLog)
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(180)
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else { throw ClusterError("\(command.joined(separator: " ")) did not end within 3 minutes") }
            try await Task.sleep(for: .milliseconds(20))
        }
        // WIFEXITED and WEXITSTATUS are macros Swift cannot see: the low 7 bits are the signal, the next 8 the exit code.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let text = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
            throw ClusterError("\((command[0] as NSString).lastPathComponent) failed: \(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(400))")
        }
    }

    /// Starts a command with posix_spawn rather than Foundation's Process: Process watches its child through
    /// a descriptor the child inherits, and the server that pg_ctl leaves running would inherit it too, so
    /// pg_ctl's end would never be seen. Here the child gets /dev/null, `errorLog`, and nothing else.
    private static func spawn(_ command: [String], errorLog: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        closeInheritedDescriptors(&actions)
        let arguments = command.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (arguments + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, arguments, environment)
        guard result == 0 else { throw ClusterError("\(command[0]) could not be started: \(String(cString: strerror(result)))") }
        return pid
    }

    /// Closes every descriptor from 3 up in the child: with glibc's posix_spawn_file_actions_addclosefrom_np
    /// (2.34 and later; looked up at run time, as Swift's Glibc module does not show it), else one by one
    /// from the list in /proc (glibc ignores a descriptor closed in between).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let descriptor = Int32(name), descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
    }

    private static func giveAway(_ paths: [String], to user: String) throws {
        guard let entry = getpwnam(user) else { throw ClusterError("there is no user \(user) to run PostgreSQL as") }
        for path in paths where chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) != 0 {
            throw ClusterError("\(path) could not be given to \(user): \(String(cString: strerror(errno)))")
        }
    }

    /// A loopback port nothing listens on right now.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test cluster is not there, as a sentence (it is what the failing test shows).
struct ClusterError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
