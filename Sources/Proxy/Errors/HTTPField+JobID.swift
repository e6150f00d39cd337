import HTTPTypes

extension HTTPField.Name {
    /// `X-Prism-Job-Id`: every media answer, a failed one included, names its job (SPEC §5).
    static let prismJobID = HTTPField.Name("X-Prism-Job-Id")!
}
