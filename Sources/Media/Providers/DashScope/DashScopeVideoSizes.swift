/// The output sizes of Wan text-to-video by resolution tier and aspect ratio, as Model Studio lists them
/// (`W*H`; `size` must be one of these, not a ratio or a tier).
enum DashScopeVideoSizes {
    static let table: [String: [String: (width: Int, height: Int)]] = [
        "480p": ["16:9": (832, 480), "9:16": (480, 832), "1:1": (624, 624)],
        "720p": ["16:9": (1280, 720), "9:16": (720, 1280), "1:1": (960, 960), "4:3": (1088, 832), "3:4": (832, 1088)],
        "1080p": ["16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1440, 1440), "4:3": (1632, 1248), "3:4": (1248, 1632)],
    ]

    static let ratios = ["16:9", "9:16", "1:1", "4:3", "3:4"]

    /// The size for a tier and ratio (1080p and 16:9 stand in for the one not given); an error naming the
    /// ratios of the tier when it has no such size.
    static func size(resolution: String?, ratio: String?) throws -> (width: Int, height: Int) {
        let tier = resolution ?? "1080p", ratio = ratio ?? "16:9"
        let sizes = table[tier] ?? [:]
        guard let size = sizes[ratio] else {
            let offered = ratios.filter { sizes[$0] != nil }.joined(separator: ", ")
            throw MediaProviderError("Wan has no \(ratio) video at \(tier); at \(tier) it makes \(offered)")
        }
        return size
    }
}
