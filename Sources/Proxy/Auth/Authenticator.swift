import Crypto
import HTTPTypes

/// Turns the presented key into a `Principal` (SPEC §2). Keys are compared as SHA-256 digests in constant
/// time, so neither their content nor their length leaks through timing.
struct Authenticator: Sendable {
    private let passwordDigest: [UInt8]?
    /// Digest and principal of each user key.
    private let userKeys: [(digest: [UInt8], principal: Principal)]
    private let allowBYOK: Bool
    private let providerNames: [String]
    /// Keys the admin created (SPEC §13), when the store has any to offer.
    let managed: ManagedKeys?

    /// - Parameter providerNames: every provider whose key a BYOK caller may send as `x-<name>-api-key`.
    init(password: String?, apiKeys: [String], allowBYOK: Bool, providerNames: [String], managed: ManagedKeys? = nil) {
        self.managed = managed
        passwordDigest = password.map(Self.digest)
        userKeys = apiKeys.map { key in
            let digest = Self.digest(key)
            return (digest, Principal(id: "user_" + Self.hex(digest.prefix(12)), role: .user))
        }
        self.allowBYOK = allowBYOK
        self.providerNames = providerNames.sorted()
    }

    /// The principal for a request's headers, or a 401 error. A managed key is one even in local mode, so
    /// its limits and its revocation hold there too.
    func principal(for headers: HTTPFields) async throws -> Principal {
        if let managed, let presented = Self.presentedKey(headers), KeySecret.looksManaged(presented),
           let principal = try await managed.principal(secret: presented) {
            return principal
        }
        return try environmentPrincipal(for: headers)
    }

    /// The principal of the password, an `API_KEYS` entry or a BYOK caller, or a 401 error.
    private func environmentPrincipal(for headers: HTTPFields) throws(GatewayError) -> Principal {
        let presented = Self.presentedKey(headers)
        if passwordDigest == nil {
            return .admin
        }
        if let presented {
            let digest = Self.digest(presented)
            if let passwordDigest, Self.constantTimeEqual(digest, passwordDigest) { return .admin }
            var match: Principal?
            for entry in userKeys where Self.constantTimeEqual(digest, entry.digest) { match = entry.principal }
            if let match { return match }
        }
        if allowBYOK, let own = ownKeys(headers: headers, presented: presented) {
            var material = presented ?? ""
            for name in own.perProvider.keys.sorted() { material += "|\(name)=" + own.perProvider[name]!.joined(separator: ",") }
            return Principal(id: Principal.ownKeysPrefix + Self.hex(Self.digest(material).prefix(12)), role: .byok(own))
        }
        if presented == nil {
            throw .unauthorized("No API key was sent: send Authorization: Bearer <key> or x-api-key: <key>.")
        }
        throw .unauthorized("The API key is not valid for this gateway: check the key you configured in your client.")
    }

    private func ownKeys(headers: HTTPFields, presented: String?) -> OwnKeys? {
        var perProvider: [String: [String]] = [:]
        for name in providerNames {
            guard let field = HTTPField.Name("x-\(name)-api-key"), let value = headers[field] else { continue }
            let keys = KeyList.parse(value)
            if !keys.isEmpty { perProvider[name] = keys }
        }
        let bearer = KeyList.parse(presented)
        if bearer.isEmpty, perProvider.isEmpty { return nil }
        return OwnKeys(bearer: bearer, perProvider: perProvider)
    }

    /// `Authorization: Bearer <key>` or `x-api-key: <key>`.
    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let trimmed = authorization.trimmingPrefix { $0 == " " }
            if trimmed.lowercased().hasPrefix("bearer ") {
                let key = trimmed.dropFirst(7).trimmingPrefix { $0 == " " }
                return key.isEmpty ? nil : String(key)
            }
        }
        if let name = HTTPField.Name("x-api-key"), let key = headers[name], !key.isEmpty { return key }
        return nil
    }

    static func digest(_ value: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(value.utf8)))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// Lower-case hex, written into one buffer (a managed key's lookup hashes its secret on every request).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
