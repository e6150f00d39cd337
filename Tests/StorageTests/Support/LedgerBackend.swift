import Storage
import Testing

/// The usage ledgers budgets are admitted by: each database's own, and the in-memory budgets of a gateway
/// alone on its SQLite database, which must keep the same rules.
enum LedgerBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres, sqliteBudgetsInMemory

    var testDescription: String { rawValue }

    func withLedger(_ body: (any UsageLedger) async throws -> Void) async throws {
        switch self {
        case .sqlite: try await Backend.sqlite.withStores { try await body($0.usage) }
        case .postgres: try await Backend.postgres.withStores { try await body($0.usage) }
        case .sqliteBudgetsInMemory: try await Backend.sqlite.withStores { try await body(try await SingleProcessBudgets.load(over: $0.usage)) }
        }
    }
}
