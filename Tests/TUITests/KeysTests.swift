import Testing
@testable import TUI

@Suite("the Keys screen: list, create with the secret shown once, revoke")
struct KeysTests {
    static let secret = "sk-prism-Zx81qLmN0pQrStUvWxYz23456789AbCd"
    static let forbidden = "Not allowed (403): Managing keys and teams is for the admin only: present the PASSWORD key."

    static func created() -> CreatedKey {
        CreatedKey(key: ManagedKey(id: "key_new", name: "bot", hint: "sk-prism-…AbCd"), secret: KeySecret(value: secret))
    }

    @Test("Tab goes media → keys → usage → providers, loading the keys and today's usage")
    func tabs() {
        var state = listState()
        state.now = 1_796_558_400
        #expect(feed(&state, [.key(.tab)]) == [.loadMedia])
        #expect(feed(&state, [.key(.tab)]) == [.loadKeys] && state.screen == .keys && state.loadingKeys)
        #expect(feed(&state, [.key(.tab)]) == [.loadUsage(grouping: .model, period: .today, from: 1_796_515_200, to: 1_796_558_401)])
        #expect(state.screen == .usage)
        #expect(feed(&state, [.key(.tab)]) == [.loadProviders(generation: 1)] && state.screen == .providers)
    }

    @Test("the list: name, hint, budget, spend, rpm, status, models; the selected row reversed")
    func list() {
        let frame = View.render(keysState(), width: 100, height: 6)
        #expect(frame.text == """
             Prism  Conversations  Media [Keys] Usage  Providers  Requests  Admin                       F1 help
             Name                  Key             Budget             Spent   RPM Status   Models
             ci                    sk-prism-…abcd  $5.00/day          $1.25    60 active   groq/*,image/*
             old laptop            sk-prism-…wxyz  none             $0.0042     - disabled all
            n new key · d revoke · r refresh · Tab usage · ? help · q quit

            """)
        #expect(frame.cell(x: 3, y: 2).style.reverse && !frame.cell(x: 3, y: 3).style.reverse)
    }

    @Test("n opens the form; Tab moves between fields; Enter sends name, budget, rpm and models")
    func create() {
        var state = keysState()
        feed(&state, [.key(.character("n"))] + keys("bot") + [.key(.tab)] + keys("5/day") + [.key(.tab)] + keys("60") + [.key(.tab)]
             + keys("groq/*, image/*"))
        let frame = View.render(state, width: 80, height: 16)
        #expect(frame.text.contains("│ Models  groq/*, image/*▌") && frame.text.contains("Budget  5/day "))
        let effects = feed(&state, [.key(.enter)])
        #expect(effects == [.createKey(NewKey(name: "bot", budgetUSD: 5, budgetPeriod: "day", rpm: 60, models: ["groq/*", "image/*"]))])
        #expect(state.overlay == nil && state.status == "Creating the key “bot”…")
    }

    @Test("a budget that is not USD/period or a missing name keeps the form open and says why")
    func invalidForm() {
        var state = keysState()
        feed(&state, [.key(.character("n")), .key(.enter)])
        guard case .newKey(let empty) = state.overlay else { Issue.record("the form closed"); return }
        #expect(empty.error == "Give the key a name.")
        #expect(feed(&state, keys("bot") + [.key(.down)] + keys("5/fortnight") + [.key(.enter)]).isEmpty)
        guard case .newKey(let form) = state.overlay else { Issue.record("the form closed"); return }
        #expect(form.error?.contains("5/day") == true && form.field == .budget)
        #expect(View.render(state, width: 80, height: 16).text.contains("The budget is USD/period"))
        feed(&state, [.key(.escape)])
        #expect(state.overlay == nil && state.status == "No key created.")
    }

    @Test("the secret is drawn once; Enter closes it and nothing in the state or the frame holds it after")
    func secretShownOnce() {
        var state = keysState()
        #expect(feed(&state, [.keyCreated(.success(Self.created()))]) == [.loadKeys])
        let shown = View.render(state, width: 80, height: 14)
        #expect(shown.text.contains(Self.secret))
        #expect(shown.text == """
             Prism  Conversations  Media [Keys] Usage  Providers  Requests  Admin   F1 help
             Name       Key             Budget             Spent   RPM Status   Models
             ci         sk-pr┌─ New key's secret ────────────────────────┐ive   groq/*,imag…
             old laptop sk-pr│ Created “bot”. Its secret, shown once:    │abled all
                             │                                           │
                             │ sk-prism-Zx81qLmN0pQrStUvWxYz23456789AbCd │
                             │                                           │
                             │ Copy it now: Prism keeps only its hash.   │
                             │ Enter or Esc closes it for good.          │
                             └───────────────────────────────────────────┘


            n new key · d revoke · r refresh · Tab usage · ? help · q quit
            Created the key “bot” (key_new).
            """)
        // Neither stray keys nor help close it unseen; printing an event or the state does not show it.
        feed(&state, keys("xq") + [.key(.f1), .key(.tab)])
        #expect(state.overlay == .createdKey(Self.created()) && state.screen == .keys)
        #expect(!"\(AppEvent.keyCreated(.success(Self.created())))".contains(Self.secret))
        feed(&state, [.key(.enter)])
        #expect(state.overlay == nil)
        #expect(!strings(in: state).contains { $0.contains(Self.secret) })
        #expect(!View.render(state, width: 80, height: 14).text.contains(Self.secret))
    }

    @Test("d asks before revoking; only y revokes, and the list reloads after")
    func revoke() {
        var state = keysState()
        feed(&state, [.key(.down), .key(.character("d"))])
        #expect(state.overlay == .confirmRevoke(id: "key_old", name: "old laptop"))
        #expect(View.render(state, width: 80, height: 12).text.contains("Revoke the key “old laptop” (key_old)?"))
        #expect(feed(&state, [.key(.character("n"))]).isEmpty && state.overlay == nil && state.status == "Nothing revoked.")
        feed(&state, [.key(.character("d"))])
        #expect(feed(&state, [.key(.character("y"))]) == [.revokeKey(id: "key_old", name: "old laptop")])
        #expect(feed(&state, [.deleted(.success("Revoked."))]) == [.loadKeys])
        // The reloaded list keeps the revoke's message in the status line.
        feed(&state, [.keysLoaded(.success(Array(state.keys.prefix(1))))])
        #expect(state.status == "Revoked." && state.keys.count == 1 && state.selectedKey == 0)
        feed(&state, [.keysLoaded(.success([]))])
        #expect(state.status == "Revoked." && View.render(state, width: 60, height: 5).text.contains("No managed keys yet. Press n to create one."))
    }

    @Test("a non-admin's 403 shows the gateway's message in place of the list")
    func forbidden() {
        var state = AppState(gatewayURL: "http://x")
        feed(&state, [.key(.tab), .key(.tab), .keysLoaded(.failure(ClientError(Self.forbidden)))])
        #expect(state.screen == .keys && state.statusIsError && state.keysError == Self.forbidden)
        let frame = View.render(state, width: 100, height: 5)
        #expect(frame.text == """
             Prism  Conversations  Media [Keys] Usage  Providers  Requests  Admin                       F1 help
             Not allowed (403): Managing keys and teams is for the admin only: present the PASSWORD key.

            n new key · d revoke · r refresh · Tab usage · ? help · q quit
            Not allowed (403): Managing keys and teams is for the admin only: present the PASSWORD key.
            """)
        #expect(frame.cell(x: 1, y: 1).style == .error)
        // A failed create says so too, and creates nothing.
        feed(&state, [.keyCreated(.failure(ClientError(Self.forbidden)))])
        #expect(state.overlay == nil && state.status == Self.forbidden)
    }
}
