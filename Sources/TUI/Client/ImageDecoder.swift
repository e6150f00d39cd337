import CImage

/// Decodes PNG, JPEG, GIF and BMP (stb_image) and WebP (libwebp) into RGBA, refusing what is too large
/// to preview before decoding it.
enum ImageDecoder {
    /// 40 megapixels: a 20000×20000 image is refused, anything a model makes is not.
    static let maxPixels = 40_000_000

    static func decode(_ bytes: [UInt8]) throws(ClientError) -> RGBAImage {
        guard !bytes.isEmpty else { throw ClientError("The file is empty.") }
        if bytes.count >= 12, bytes[0..<4].elementsEqual(Array("RIFF".utf8)), bytes[8..<12].elementsEqual(Array("WEBP".utf8)) {
            return try decodeWebP(bytes)
        }
        var (width, height, components): (Int32, Int32, Int32) = (0, 0, 0)
        let known = bytes.withUnsafeBufferPointer { stbi_info_from_memory($0.baseAddress, Int32($0.count), &width, &height, &components) }
        guard known != 0 else {
            // stb refuses what would take more than 1 GB decoded without saying so; a PNG header tells.
            if let (width, height) = pngSize(bytes) { try checkSize(width, height) }
            throw ClientError("This file is not an image that can be previewed (PNG, JPEG, GIF, BMP or WebP).")
        }
        try checkSize(Int(width), Int(height))
        let decoded = bytes.withUnsafeBufferPointer { stbi_load_from_memory($0.baseAddress, Int32($0.count), &width, &height, &components, 4) }
        guard let decoded else { throw ClientError("The image is damaged and cannot be previewed.") }
        defer { stbi_image_free(decoded) }
        return RGBAImage(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: decoded, count: Int(width) * Int(height) * 4)))
    }

    private static func decodeWebP(_ bytes: [UInt8]) throws(ClientError) -> RGBAImage {
        var (width, height): (Int32, Int32) = (0, 0)
        guard bytes.withUnsafeBufferPointer({ WebPGetInfo($0.baseAddress, $0.count, &width, &height) }) != 0 else {
            throw ClientError("The WebP image is damaged and cannot be previewed.")
        }
        try checkSize(Int(width), Int(height))
        guard let decoded = bytes.withUnsafeBufferPointer({ WebPDecodeRGBA($0.baseAddress, $0.count, &width, &height) }) else {
            throw ClientError("The WebP image is damaged and cannot be previewed.")
        }
        defer { WebPFree(decoded) }
        return RGBAImage(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: decoded, count: Int(width) * Int(height) * 4)))
    }

    private static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 24, bytes[0] == 0x89, bytes[12..<16].elementsEqual(Array("IHDR".utf8)) else { return nil }
        let number = { (offset: Int) in bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    private static func checkSize(_ width: Int, _ height: Int) throws(ClientError) {
        guard width > 0, height > 0 else { throw ClientError("The image has no pixels.") }
        guard width * height <= maxPixels else {
            throw ClientError("The image is \(width)×\(height), too large to preview here; press o for its link.")
        }
    }
}
