import PostgresNIO

/// A batch of rows written with multi-row `INSERT … VALUES ($1, …), ($n, …)` statements: one round trip per
/// statement instead of one per row. Each `row` appends its values in column order. The statements stay below
/// PostgreSQL's 65,535 bound parameters, so any batch size works.
///
/// ```swift
/// var insert = PostgresMultiRowInsert(table: "t", columns: "a, b", suffix: "ON CONFLICT DO NOTHING")
/// for item in items { insert.row { $0.append(item.a); $0.append(item.b) } }
/// for query in insert.queries { try await connection.run(query, logger: logger) }
/// ```
struct PostgresMultiRowInsert {
    private let head: String
    private let suffix: String
    private let columnCount: Int
    private var statements: [(bindings: PostgresBindings, tuples: [String])] = []

    /// `columns` as in SQL ("a, b, c"); `suffix` follows the values (`ON CONFLICT …`).
    init(table: String, columns: String, suffix: String = "") {
        head = "INSERT INTO \(table) (\(columns)) VALUES "
        self.suffix = suffix
        columnCount = columns.split(separator: ",").count
    }

    /// Appends one row; `values` must append exactly one value per column.
    mutating func row(_ values: (inout PostgresBindings) -> Void) {
        if statements.isEmpty || statements[statements.count - 1].bindings.count + columnCount > Int(UInt16.max) {
            statements.append((PostgresBindings(), []))
        }
        var bindings = statements[statements.count - 1].bindings
        let first = bindings.count + 1
        values(&bindings)
        precondition(bindings.count == first - 1 + columnCount, "a row of \(head) has \(bindings.count - first + 1) values for \(columnCount) columns")
        statements[statements.count - 1].bindings = bindings
        statements[statements.count - 1].tuples.append("(" + (first..<(first + columnCount)).map { "$\($0)" }.joined(separator: ", ") + ")")
    }

    /// The statements that write every row so far, in order.
    var queries: [PostgresQuery] {
        statements.map { PostgresQuery(unsafeSQL: head + $0.tuples.joined(separator: ", ") + (suffix.isEmpty ? "" : " " + suffix), binds: $0.bindings) }
    }
}
