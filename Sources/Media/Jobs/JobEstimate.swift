import PrismShared
import Storage

/// "About 40 s left" (SPEC §5): the median run time of the last 20 succeeded jobs of the same model made with
/// the same size, duration and resolution — else of the same model, whatever its parameters.
public enum JobEstimate {
    /// How many recent jobs of a model are read to find 20 of the same parameters.
    public static let lookBack = 100

    /// The typical run time in seconds for `request` among `recent` (newest first), or `nil` with no history.
    public static func typical(for request: MediaRequest, among recent: [JobDuration]) -> Double? {
        let wanted = parameters(request.stored)
        let alike = recent.filter { $0.request.map(parameters) == wanted }
        return median((alike.isEmpty ? recent : alike).prefix(20).map(\.seconds))
    }

    /// What makes a job take longer: its size, duration and resolution, as the stored request keeps them.
    static func parameters(_ stored: JSONValue) -> [String?] {
        [stored["width"]?.intValue.map(String.init), stored["height"]?.intValue.map(String.init),
         stored["integers"]?["duration"]?.intValue.map(String.init), stored["strings"]?["resolution"]?.stringValue]
    }

    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
