import PrismShared

/// What Prism sends a fal app: its flags, declared per family, and the JSON input built from them. fal
/// apps each have their own input schema; these are the field names its image apps (FLUX and the like)
/// and video apps (Kling and the like) share. An app ignores fields it does not know.
enum FalInput {
    /// fal's image size presets (`square_hd`, `landscape_4_3`, `portrait_4_3`, `landscape_16_9`,
    /// `portrait_16_9`), for mapping `--ratio` to a size.
    static let presets: [(width: Int, height: Int)] = [(1024, 1024), (1024, 768), (768, 1024), (1024, 576), (576, 1024)]

    static func flags(_ family: FalQueueProvider.Family, model: String) -> FlagValidator {
        let seed = FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1")
        switch family {
        case .image:
            return FlagValidator(model: model, specs: [
                FlagSpec("size", .size(256...2048), "output size in pixels, sent as image_size"),
                FlagSpec("ratio", .ratio, "aspect ratio, sent as aspect_ratio and as the nearest preset image_size"),
                seed,
                FlagSpec("steps", .integer(1...50), "inference steps"),
                FlagSpec("guidance", .number(1...20), "guidance scale"),
                FlagSpec("negative", .text, "what the image should not show"),
                FlagSpec("n", .integer(1...4), "number of images", default: "1"),
            ], supportedSizes: presets)
        case .video:
            return FlagValidator(model: model, specs: [
                FlagSpec("ratio", .choice(["16:9", "9:16", "1:1"]), "aspect ratio"),
                FlagSpec("duration", .integer(1...20), "length in seconds, for apps that take one (Kling: 5 or 10)"),
                FlagSpec("resolution", .choice(["480p", "720p", "1080p"]), "resolution, for apps that take one"),
                seed,
                FlagSpec("negative", .text, "what the video should not show"),
            ])
        }
    }

    /// `{prompt, image_size | aspect_ratio, seed, num_images, image_url, …}`; an input image goes as
    /// `image_url` (a URL, or a `data:` URI, which fal accepts as well).
    static func body(_ request: MediaRequest, family: FalQueueProvider.Family) -> JSONValue {
        let flags = request.flags
        var body: JSONValue = ["prompt": .string(request.prompt)]
        switch family {
        case .image:
            if let width = flags.width, let height = flags.height { body["image_size"] = ["width": JSONValue(width), "height": JSONValue(height)] }
            if let ratio = flags.ratio { body["aspect_ratio"] = .string(ratio) }
            if let steps = flags.integers["steps"] { body["num_inference_steps"] = JSONValue(steps) }
            if let guidance = flags.numbers["guidance"] { body["guidance_scale"] = .number(guidance) }
            if let count = flags.integers["n"] { body["num_images"] = JSONValue(count) }
        case .video:
            if let ratio = flags.strings["ratio"] { body["aspect_ratio"] = .string(ratio) }
            // Kling and most video apps take the duration as a string enum ("5", "10").
            if let duration = flags.integers["duration"] { body["duration"] = .string(String(duration)) }
            if let resolution = flags.strings["resolution"] { body["resolution"] = .string(resolution) }
        }
        if let seed = flags.integers["seed"] { body["seed"] = JSONValue(seed) }
        if let negative = flags.strings["negative"] { body["negative_prompt"] = .string(negative) }
        if let image = request.inputImages.first { body["image_url"] = .string(image) }
        return body
    }
}
