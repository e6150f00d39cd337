import ArgumentParser
import Foundation
import Storage

/// `prism db …`: moving the default SQLite database into PostgreSQL (SPEC §17).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance: copy a SQLite database into PostgreSQL and check the copy.",
        subcommands: [DatabaseCopyCommand.self, DatabaseCheckCommand.self])
}

/// `prism db copy --from data/prism.sqlite --to postgres://…`: copies every table (media rows, not files),
/// adding only what is missing, so it can be run again after an interruption or to catch up.
struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "copy", abstract: "Copy a SQLite database into PostgreSQL (idempotent, resumable).")

    @Option(help: "The SQLite file, e.g. data/prism.sqlite.") var from: String
    @Option(help: "The PostgreSQL database, postgres://user:password@host:5432/name.") var to: String

    func run() async throws {
        do {
            try await StoreCopy.copy(fromSQLite: from, to: to) { print($0) }
            print("Done: run prism db check --from \(from) --to <url> to compare the row counts.")
        } catch let error as StoreError {
            throw DatabaseCommandFailure(error)
        }
    }
}

/// `prism db check --from data/prism.sqlite --to postgres://…`: each table's row count on both sides; exits
/// non-zero when any differ.
struct DatabaseCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Compare each table's row count in SQLite and PostgreSQL.")

    @Option(help: "The SQLite file, e.g. data/prism.sqlite.") var from: String
    @Option(help: "The PostgreSQL database, postgres://user:password@host:5432/name.") var to: String

    func run() async throws {
        let counts: [(table: String, sqlite: Int, postgres: Int)]
        do {
            counts = try await StoreCopy.check(fromSQLite: from, to: to)
        } catch let error as StoreError {
            throw DatabaseCommandFailure(error)
        }
        let width = counts.map(\.table.count).max() ?? 5
        print("table".padding(toLength: width, withPad: " ", startingAt: 0) + "  sqlite  postgres")
        for row in counts {
            let mark = row.sqlite == row.postgres ? "" : "  differs"
            print(row.table.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + pad(row.sqlite, 6) + "  " + pad(row.postgres, 8) + mark)
        }
        let differing = counts.filter { $0.sqlite != $0.postgres }.map(\.table)
        guard differing.isEmpty else {
            FileHandle.standardError.write(Data("prism: \(differing.joined(separator: ", ")) differ: run prism db copy again, then check.\n".utf8))
            throw ExitCode(1)
        }
        print("Every table has the same number of rows on both sides.")
    }

    private func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// A store failure as the command line shows it: the sentence alone, exit status 1.
struct DatabaseCommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ error: StoreError) {
        switch error {
        case .unavailable(let reason), .unknownCursor(let reason): description = reason
        }
    }
}
