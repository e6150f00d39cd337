/// A JSON object whose keys keep their insertion order, so that what Prism writes reads like what the
/// upstream or the client wrote.
///
/// Most objects have a handful of keys, where a linear scan beats hashing; past `indexThreshold` keys a
/// hash index is kept too, so hostile objects with many keys stay linear to build.
public struct JSONObject: Sendable, Equatable {
    private var entries: [(key: String, value: JSONValue)] = []
    private var index: [String: Int]?
    private static let indexThreshold = 16

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    /// The members in insertion order.
    public var members: [(key: String, value: JSONValue)] { entries }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// Setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let found = position(of: key) {
                if let newValue {
                    entries[found].value = newValue
                } else {
                    entries.remove(at: found)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index![key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() { built[entry.key] = offset }
        index = built
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }
}
