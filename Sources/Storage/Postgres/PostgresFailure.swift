import Foundation
import PostgresNIO

/// Turns what postgres-nio throws into the short reason of a `StoreError.unavailable` sentence. postgres-nio
/// hides its details from `description` on purpose (they may hold query parameters); this picks the parts
/// that are safe to show — the server's own message, the operating system's reason for a failed connection —
/// and never the password or the values of a query.
enum PostgresFailure {
    /// The error a caller sees: a `StoreError` passes through, cancellation stays cancellation, anything
    /// else becomes `StoreError.unavailable("PostgreSQL at host:port: <reason>")`.
    static func storeError(_ error: any Error, server: String) -> any Error {
        let error = unwrapped(error)
        if error is StoreError || error is CancellationError { return error }
        return StoreError.unavailable("PostgreSQL at \(server): \(reason(error))")
    }

    /// A transaction's error is the first thing that went wrong in it.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return (transaction.beginError ?? transaction.closureError ?? transaction.commitError ?? transaction.rollbackError).map(unwrapped) ?? error
    }

    /// A few words on what went wrong.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError: return reason(error)
        case let error as NIOConnectionError: return reason(error)
        case let error as IOError: return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as ChannelError:
            if case .connectTimeout = error { return "the connection timed out" }
            return "\(error)"
        case is PostgresDecodingError: return "a row did not have the expected shape"
        default:
            if String(describing: type(of: error)) == "ConnectionPoolError" { return reason(pool: "\(error)") }
            return "unexpected \(String(describing: type(of: error)))"
        }
    }

    private static func reason(_ error: PSQLError) -> String {
        switch error.code {
        case .server:
            return error.serverInfo?[.message] ?? "the server refused the request"
        case .connectionError:
            return error.underlying.map { "could not connect (\(reason($0)))" } ?? "could not connect"
        case .serverClosedConnection, .uncleanShutdown:
            return "the server closed the connection"
        case .clientClosedConnection, .poolClosed:
            return "the connection pool is closed"
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode asks for (use sslmode=disable, or enable TLS on the server)"
        case .failedToAddSSLHandler:
            return "TLS could not be set up"
        case .authMechanismRequiresPassword:
            return "the server asks for a password and DATABASE_URL has none"
        case .unsupportedAuthMechanism, .saslError:
            return "authentication failed (the server asked for a method postgres-nio does not speak, or the password is wrong)"
        case .queryCancelled:
            return "the query was cancelled"
        case .tooManyParameters:
            return "a query had too many parameters"
        default:
            return error.underlying.map(reason) ?? error.code.description
        }
    }

    /// The pool's own error, told apart by its text: its module (`_ConnectionPoolModule`) is postgres-nio's
    /// internal one, which Storage does not import.
    private static func reason(pool description: String) -> String {
        if description.contains("poolShutdown") { return "the connection pool is closed" }
        if description.contains("requestCancelled") { return "the request was cancelled" }
        // Every connection attempt has failed for a while; the pool now fails requests at once until one succeeds.
        return "no connection could be made to the server"
    }

    private static func reason(_ error: NIOConnectionError) -> String {
        if let failure = error.connectionErrors.first { return reason(failure.error) }
        if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name could not be resolved" }
        return "no address of the host answered"
    }
}
