import Foundation
import PostgresNIO

/// `DATABASE_URL` parsed and checked: `postgres://user:password@host:5432/db?sslmode=require|disable` (also
/// `postgresql://`). A URL that cannot work throws a `StoreError.unavailable` sentence naming what to fix;
/// no message ever repeats the password.
struct PostgresLocation: Sendable, Equatable {
    /// libpq's `sslmode` values, with libpq's meaning: `require` encrypts without checking the certificate,
    /// `verify-ca` checks it against the system's roots, `verify-full` checks the host name as well.
    enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// The server's name or address (an IPv6 address without its brackets).
    let host: String
    /// 5432 unless the URL says otherwise.
    let port: Int
    /// The user and password, percent-decoded; the password is never put in a message.
    let user: String
    let password: String?
    /// The database's name, percent-decoded.
    let database: String
    /// `sslmode`, `prefer` when the URL has none (as with libpq).
    let tlsMode: TLSMode

    /// `host:port`, the name messages give the server by.
    var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    init(_ url: String) throws {
        let shape = "postgres://user:password@host:5432/database"
        guard let schemeEnd = url.range(of: "://"), ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased()) else {
            throw StoreError.unavailable("DATABASE_URL must start with postgres:// or postgresql://, as in \(shape)")
        }
        // URLComponents cannot be shown the original text (it holds the password), so every failure below
        // names the part to fix instead.
        guard let parts = URLComponents(string: url) else {
            throw StoreError.unavailable("DATABASE_URL could not be read: percent-encode special characters of the user and password, as in \(shape)")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw StoreError.unavailable("DATABASE_URL names no host: write it as \(shape)")
        }
        guard let user = parts.percentEncodedUser, !user.isEmpty else {
            throw StoreError.unavailable("DATABASE_URL names no user: write it as \(shape)")
        }
        if let port = parts.port, !(1...65_535).contains(port) {
            throw StoreError.unavailable("DATABASE_URL has port \(port): use a port between 1 and 65535")
        }
        let path = parts.percentEncodedPath
        let database = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.unavailable("DATABASE_URL names no database: end it with /<database>, as in \(shape)")
        }
        var mode = TLSMode.prefer
        // Other parameters (channel_binding, application_name, …) that hosted databases put in their URLs are
        // left to their defaults rather than refused, so such a URL works as pasted.
        for item in parts.queryItems ?? [] where item.name == "sslmode" {
            guard let value = item.value, let known = TLSMode(rawValue: value) else {
                throw StoreError.unavailable("DATABASE_URL has sslmode=\(item.value ?? ""): use require or disable (or prefer, verify-ca, verify-full)")
            }
            mode = known
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = parts.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = parts.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        tlsMode = mode
    }

    /// What NIOSSL should check of the server's certificate in this mode.
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable, .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// The pool's configuration (its size and timeouts are the caller's).
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        // `allow` would start in plain text and upgrade on demand, which postgres-nio does not do: plain text.
        case .disable, .allow: tls = .disable
        case .prefer: tls = .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration)
        }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The configuration of the one connection that checks and migrates the database at start-up.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch tlsMode {
        case .disable, .allow: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require, .verifyCA, .verifyFull: tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
