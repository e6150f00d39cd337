/// The Keys screen: the managed keys, a form that creates one (its secret shown once), revoking after a
/// y/n question.
extension Update {
    /// Keys on the list: move, `n` new key, `d` revoke (asks first), `r` refresh; Tab, `?` and `q` as on every list.
    static func pressInKeys(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let selected = selection(after: key, from: state.selectedKey, count: state.keys.count) {
            state.selectedKey = selected
            return []
        }
        switch key {
        case .character("n"):
            state.overlay = .newKey(KeyForm())
            inform(&state, "A new key: Tab moves between the fields, Enter creates it, Esc cancels.")
        case .character("d"):
            guard state.keys.indices.contains(state.selectedKey) else { return [] }
            let chosen = state.keys[state.selectedKey]
            state.overlay = .confirmRevoke(id: chosen.id, name: chosen.name)
        case .character("r"):
            return reloadKeys(&state)
        default:
            return pressInAnyList(key, next: .usage, &state)
        }
        return []
    }

    /// Asks for the list again.
    static func reloadKeys(_ state: inout AppState) -> [Effect] {
        state.loadingKeys = true
        return [.loadKeys]
    }

    /// The list replaces the old one. The status keeps what a create or revoke just said; it changes
    /// only after an error (an empty list says so in its place).
    static func keysLoaded(_ result: Result<[ManagedKey], ClientError>, _ state: inout AppState) {
        state.loadingKeys = false
        if let keys = tableLoaded(result, &state, rows: \.keys, error: \.keysError, cursor: \.selectedKey), state.statusIsError {
            inform(&state, keys.isEmpty ? "No managed keys yet: press n to create one." : "\(keys.count) key\(keys.count == 1 ? "" : "s")")
        }
    }

    /// Typing in the form: letters go to the current field, Tab/↓ and ↑/Shift-Tab move, Enter sends.
    static func pressInKeyForm(_ form: KeyForm, _ key: Key, _ state: inout AppState) -> [Effect] {
        var form = form
        let fields = KeyForm.Field.allCases
        switch key {
        case .escape:
            state.overlay = nil
            inform(&state, "No key created.")
            return []
        case .character(let character): form[form.field].append(character)
        case .backspace: _ = form[form.field].popLast()
        case .tab, .down: form.field = fields[(form.field.rawValue + 1) % fields.count]
        case .backTab, .up: form.field = fields[(form.field.rawValue + fields.count - 1) % fields.count]
        case .enter:
            switch form.submission {
            case .success(let newKey):
                state.overlay = nil
                inform(&state, "Creating the key “\(newKey.name)”…")
                return [.createKey(newKey)]
            case .failure(let error):
                form.error = error.message
            }
        default:
            break
        }
        state.overlay = .newKey(form)
        return []
    }

    /// The new key's secret opens in its overlay (once); the list reloads under it. A refusal goes to the status line.
    static func keyCreated(_ result: Result<CreatedKey, ClientError>, _ state: inout AppState) -> [Effect] {
        switch result {
        case .success(let created):
            state.overlay = .createdKey(created)
            inform(&state, "Created the key “\(created.key.name)” (\(created.key.id)).")
            return reloadKeys(&state)
        case .failure(let error):
            fail(&state, error)
            return []
        }
    }

    /// The secret's overlay closes with Enter or Esc only, so a stray key does not lose the secret
    /// before it is copied; once closed, nothing keeps it.
    static func pressInCreatedKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard key == .enter || key == .escape else { return [] }
        state.overlay = nil
        inform(&state, "The secret is gone from this screen; the list shows its last 4 characters.")
        return []
    }

    /// `y` revokes the key the question named; any other key keeps it.
    static func pressInConfirmRevoke(id: String, name: String, _ key: Key, _ state: inout AppState) -> [Effect] {
        state.overlay = nil
        guard key == .character("y") || key == .character("Y") else {
            inform(&state, "Nothing revoked.")
            return []
        }
        inform(&state, "Revoking “\(name)”…")
        return [.revokeKey(id: id, name: name)]
    }
}
