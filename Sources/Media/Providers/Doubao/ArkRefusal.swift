import PrismShared

/// Volcengine Ark names a content-filter refusal by its error code (`InputTextSensitiveContentDetected`,
/// `OutputVideoSensitiveContentDetected` and the like), for images and videos alike.
enum ArkRefusal {
    static func isContentFilter(_ error: JSONValue?) -> Bool {
        error?["code"]?.stringValue?.contains("Sensitive") == true
    }
}
