/// The pieces that are built straight from the configuration, kept here so that the layers below `App/`
/// never see `GatewayConfig`.
extension Authenticator {
    init(config: GatewayConfig, managed: ManagedKeys? = nil) {
        // Media-only providers (BFL) take their own keys too: `x-bfl-api-key`.
        self.init(
            password: config.password, apiKeys: config.apiKeys, allowBYOK: config.allowBYOK,
            providerNames: Array(Set(config.providers.keys).union(MediaRegistry.keyedProviders)), managed: managed)
    }
}

extension PublicBase {
    convenience init(config: GatewayConfig) {
        self.init(configured: config.publicBaseURL, host: config.host, port: config.port)
    }
}
