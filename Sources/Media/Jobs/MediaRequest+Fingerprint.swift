import Crypto
import Foundation
import PrismShared

extension MediaRequest {
    /// What identifies this request for attaching an identical one to an undelivered job (SPEC §5): the model
    /// as the user named it, the prompt, the validated flags (without `--new`) and the input images, hashed.
    /// A seed chosen at random (`--seed -1`, or none) is part of the flags as given, so "the same request"
    /// is what the user sent, not what the provider drew.
    public func fingerprint(model displayModel: String) -> String {
        var flags = self.flags
        flags.booleans["new"] = nil
        let described = MediaRequest(model: model, prompt: prompt, flags: flags).stored
        var hash = SHA256()
        hash.update(data: Array(displayModel.utf8) + [0])
        hash.update(data: Array(described.serialized().utf8) + [0])
        for image in inputImages { hash.update(data: Array(SHA256.hash(data: Array(image.utf8))) + [0]) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
