/// Which rows a caller may see: its own (by principal id), or every principal's for the admin.
public struct Scope: Sendable, Hashable {
    public let principal: String
    public let isAdmin: Bool

    public init(principal: String, isAdmin: Bool) {
        self.principal = principal
        self.isAdmin = isAdmin
    }

    /// The rows of `owner`, or everybody's when it is nil (the media and job queries speak in owners).
    public init(owner: String?) {
        self.init(principal: owner ?? "", isAdmin: owner == nil)
    }

    /// Every principal's rows, for the gateway's own background work.
    public static let everything = Scope(principal: "admin", isAdmin: true)

    /// The owner a query is limited to: `nil` means everybody's.
    public var owner: String? { isAdmin ? nil : principal }
}

/// One page of a list, newest or oldest first as asked.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let hasMore: Bool

    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }
}
