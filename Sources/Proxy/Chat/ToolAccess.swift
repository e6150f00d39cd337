import HTTPTypes
import Tools

/// Which server tools a request gets (SPEC §7): the environment's keys for the admin and user keys; under
/// ALLOW_BYOK, `x-tavily-api-key` / `x-python-api-key` headers, which are all a BYOK caller gets.
/// `PYTHON_URL` is never taken from a request.
struct ToolAccess: Sendable {
    let registry: ToolRegistry
    let allowBYOK: Bool

    var settings: ToolSettings { registry.settings }

    func tools(for principal: Principal, headers: HTTPFields) -> [any Tool] {
        var tavilyKeys = principal.isBYOK ? [] : settings.tavilyKeys
        var pythonKey = principal.isBYOK ? nil : settings.pythonKey
        var python = !principal.isBYOK
        if allowBYOK {
            if let value = headers[HTTPField.Name("x-tavily-api-key")!] { tavilyKeys = KeyList.parse(value) }
            if let value = headers[HTTPField.Name("x-python-api-key")!], !value.isEmpty {
                pythonKey = value
                python = true
            }
        }
        return registry.tools(tavilyKeys: tavilyKeys, python: python, pythonKey: pythonKey)
    }

    /// The loop for a request that asked for tools (it carries a `tools` array), when any server tool is
    /// at hand.
    func loop(requested: Bool, dispatcher: ChatDispatcher, plan: DispatchPlan, principal: Principal, headers: HTTPFields) -> ToolLoop? {
        guard requested else { return nil }
        let tools = tools(for: principal, headers: headers)
        guard !tools.isEmpty else { return nil }
        return ToolLoop(
            dispatcher: dispatcher, plan: plan, principal: principal, tools: tools,
            maxSteps: settings.maxSteps, maxResultCharacters: settings.maxResultCharacters)
    }
}
