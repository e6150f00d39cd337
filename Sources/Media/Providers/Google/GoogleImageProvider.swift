/// `image/google/<model>`: Imagen models (`imagen-…`) by `:predict`, every other model (Gemini's image
/// models, such as `gemini-2.5-flash-image`) by `:generateContent`.
public enum GoogleImageProvider {
    public static func make(model: String, _ access: ProviderAccess) -> any MediaProvider {
        model.lowercased().hasPrefix("imagen") ? ImagenImageProvider(access) : GeminiImageProvider(access)
    }
}
