import Foundation

/// A comma list of keys, as the environment and BYOK callers write them (`k1, k2`).
enum KeyList {
    static func parse(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
