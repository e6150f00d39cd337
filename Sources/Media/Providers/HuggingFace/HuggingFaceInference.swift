import PrismShared

/// The one Hugging Face Inference call behind image and video models: `{"inputs": prompt, "parameters": {…}}`,
/// or, with an input image, that image in base64 as `inputs` and the prompt in `parameters.prompt`; the answer
/// is the file's bytes.
enum HuggingFaceInference {
    static func call(
        _ http: MediaHTTP, baseURL: String, key: String, request: MediaRequest, parameters: JSONValue, timeoutSeconds: Int, maxBytes: Int
    ) async throws -> MediaHTTP.Answer {
        var parameters = parameters
        var body: JSONValue = ["inputs": .string(request.prompt)]
        if let image = request.inputImages.first {
            body["inputs"] = .string(BFLImageProvider.base64(image))
            parameters["prompt"] = .string(request.prompt)
        }
        body["parameters"] = parameters
        let answer = try await http.send(
            baseURL + "/models/\(request.model)", headers: [("authorization", "Bearer \(key)")], json: body, timeoutSeconds: timeoutSeconds, maxBytes: maxBytes)
        guard answer.status == 200 else { throw MediaProviderError("Hugging Face answered \(answer.status): \(answer.errorMessage)") }
        return answer
    }
}
