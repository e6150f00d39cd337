import Storage

extension Scope {
    /// The rows `principal` may see: its own, or everybody's for the admin.
    init(_ principal: Principal) {
        self.init(principal: principal.id, isAdmin: principal.isAdmin)
    }
}
