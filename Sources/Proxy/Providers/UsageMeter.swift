import Synchronization

/// Requests and tokens per provider since start, for `admin/magic stats`. Tokens are counted where Prism
/// reads the answer (responses, messages, tools, stored chats); a chat relayed untouched counts as a request.
final class UsageMeter: Sendable {
    struct Totals: Sendable, Equatable {
        var requests = 0
        var inputTokens = 0
        var outputTokens = 0
    }

    private let totals = Mutex<[String: Totals]>([:])

    func request(_ provider: String) {
        totals.withLock { $0[provider, default: Totals()].requests += 1 }
    }

    func tokens(_ provider: String, input: Int, output: Int) {
        totals.withLock {
            $0[provider, default: Totals()].inputTokens += input
            $0[provider, default: Totals()].outputTokens += output
        }
    }

    var snapshot: [String: Totals] { totals.withLock { $0 } }
}
