/// The `GROUP BY` expression of each grouping, per dialect: the two backends must name groups alike.
extension UsageGrouping {
    var sqliteExpression: String {
        switch self {
        case .key: "COALESCE(u.key_id, u.principal)"
        case .team: "COALESCE(u.team_id, '-')"
        case .model: "u.model"
        case .provider: "COALESCE(u.provider, '-')"
        case .route: "COALESCE(u.route, '-')"
        case .tag: "t.value"
        case .day: "strftime('%Y-%m-%d', u.created_at, 'unixepoch')"
        case .hour: "strftime('%Y-%m-%dT%H:00Z', u.created_at, 'unixepoch')"
        }
    }

    var postgresExpression: String {
        switch self {
        case .key: "COALESCE(u.key_id, u.principal)"
        case .team: "COALESCE(u.team_id, '-')"
        case .model: "u.model"
        case .provider: "COALESCE(u.provider, '-')"
        case .route: "COALESCE(u.route, '-')"
        case .tag: "t.value"
        case .day: "to_char(to_timestamp(u.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        case .hour: "to_char(to_timestamp(u.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:00\"Z\"')"
        }
    }
}
