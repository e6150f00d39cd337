/// Draws an image with half blocks: each cell shows two pixels, the top one as the foreground of `▀`
/// and the bottom one as its background, in the 256-colour palette or, on a direct-colour terminal, in
/// 24-bit colour.
enum HalfBlock {
    /// Rows of cells for `image` scaled to fit `columns` × `rows` cells, keeping its aspect ratio.
    static func render(_ image: RGBAImage, columns: Int, rows: Int, trueColor: Bool = false) -> [[Cell]] {
        guard image.width > 0, image.height > 0, columns > 0, rows > 0 else { return [] }
        let scale = min(Double(columns) / Double(image.width), Double(rows * 2) / Double(image.height))
        let width = max(1, min(columns, Int((Double(image.width) * scale).rounded())))
        let height = max(1, min(rows * 2, Int((Double(image.height) * scale).rounded())))
        return stride(from: 0, to: height, by: 2).map { top in
            (0..<width).map { x in
                let color = trueColor ? Palette.direct : Palette.index
                let upper = color(average(image, x: x, y: top, width: width, height: height))
                let lower = top + 1 < height ? color(average(image, x: x, y: top + 1, width: width, height: height)) : nil
                return Cell(text: "▀", style: Style(foreground: upper, background: lower))
            }
        }
    }

    /// `image` scaled down to fit `side` × `side` pixels (aspect kept; a smaller one is kept as it is), each
    /// pixel the mean of those it covers, over black: the conversation caches previews at this size, a
    /// few hundred KB each rather than a full decoded image.
    static func thumbnail(_ image: RGBAImage, fitting side: Int) -> RGBAImage {
        guard image.width > side || image.height > side, side > 0 else { return image }
        let scale = Double(side) / Double(max(image.width, image.height))
        let width = max(1, Int((Double(image.width) * scale).rounded())), height = max(1, Int((Double(image.height) * scale).rounded()))
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let color = average(image, x: x, y: y, width: width, height: height)
                pixels += [UInt8(color.r), UInt8(color.g), UInt8(color.b), 255]
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// The mean colour of the source pixels under target pixel (`x`, `y`) of a `width` × `height` grid,
    /// over black where transparent.
    static func average(_ image: RGBAImage, x: Int, y: Int, width: Int, height: Int) -> (r: Int, g: Int, b: Int) {
        let x0 = x * image.width / width, x1 = max(x0 + 1, (x + 1) * image.width / width)
        let y0 = y * image.height / height, y1 = max(y0 + 1, (y + 1) * image.height / height)
        var (r, g, b, count) = (0, 0, 0, 0)
        // Large boxes are sampled on a grid of at most 8×8 so a huge image stays quick to draw.
        let stepX = max(1, (x1 - x0) / 8), stepY = max(1, (y1 - y0) / 8)
        for sy in stride(from: y0, to: min(y1, image.height), by: stepY) {
            for sx in stride(from: x0, to: min(x1, image.width), by: stepX) {
                let pixel = image.pixel(x: sx, y: sy)
                r += pixel.r * pixel.a / 255
                g += pixel.g * pixel.a / 255
                b += pixel.b * pixel.a / 255
                count += 1
            }
        }
        guard count > 0 else { return (0, 0, 0) }
        return (r / count, g / count, b / count)
    }
}

/// The xterm 256-colour palette: the 6×6×6 cube and the grey ramp. A `Style` colour at or above
/// `directFlag` is a 24-bit colour instead (`direct`).
enum Palette {
    private static let levels = [0, 95, 135, 175, 215, 255]
    static let directFlag = 1 << 24

    static func direct(_ color: (r: Int, g: Int, b: Int)) -> Int {
        directFlag | color.r << 16 | color.g << 8 | color.b
    }

    /// The red, green and blue of a direct colour.
    static func components(_ direct: Int) -> (r: Int, g: Int, b: Int) {
        (direct >> 16 & 0xFF, direct >> 8 & 0xFF, direct & 0xFF)
    }

    static func index(of color: (r: Int, g: Int, b: Int)) -> Int {
        func nearestLevel(_ value: Int) -> Int {
            levels.indices.min { abs(levels[$0] - value) < abs(levels[$1] - value) }!
        }
        let (r, g, b) = (nearestLevel(color.r), nearestLevel(color.g), nearestLevel(color.b))
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance = distance(color, (levels[r], levels[g], levels[b]))
        let grey = min(max((color.r + color.g + color.b) / 3 - 8, 0) / 10, 23)
        let greyValue = 8 + grey * 10
        return distance(color, (greyValue, greyValue, greyValue)) < cubeDistance ? 232 + grey : cube
    }

    private static func distance(_ a: (r: Int, g: Int, b: Int), _ b: (Int, Int, Int)) -> Int {
        (a.r - b.0) * (a.r - b.0) + (a.g - b.1) * (a.g - b.1) + (a.b - b.2) * (a.b - b.2)
    }
}
