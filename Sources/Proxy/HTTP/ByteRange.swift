import Foundation

/// A `Range: bytes=…` header against a file of `size` bytes (one range; a multi-range request is served
/// whole, which RFC 9110 allows).
enum ByteRange: Equatable {
    case whole
    case part(ClosedRange<Int>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int) -> ByteRange {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        switch (Int(parts[0]), Int(parts[1])) {
        case (let start?, let end?):
            guard start <= end else { return .whole }
            guard start < size else { return .unsatisfiable }
            return .part(start...min(end, size - 1))
        case (let start?, nil) where parts[1].isEmpty:
            guard start < size else { return .unsatisfiable }
            return .part(start...(size - 1))
        case (nil, let suffix?) where parts[0].isEmpty:
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - suffix)...(size - 1))
        default:
            return .whole
        }
    }
}
