/// The Keys screen's boxes: the form for a new key, and the new key's secret, shown once.
enum KeyOverlays {
    /// The form: one line per field, the current one reversed with a cursor, its hint, and why the last Enter sent nothing.
    static func drawForm(_ form: KeyForm, in area: Area, _ frame: inout Frame) {
        var lines = KeyForm.Field.allCases.map { field in
            TextWidth.padded(field.label, to: 8) + form[field] + (field == form.field ? "▌" : "")
        }
        lines += ["", "\(form.field.label): \(form.field.hint)"]
        if let error = form.error { lines.append(error) }
        lines.append("Tab next field · Enter create · Esc cancel")
        Overlays.box(title: "New key", lines: lines, selected: form.field.rawValue, in: area, &frame)
    }

    /// The secret on lines of its own, cut to the box's width rather than truncated, so all of it can
    /// be copied from a narrow terminal too.
    static func drawSecret(_ created: CreatedKey, in area: Area, _ frame: inout Frame) {
        let room = max(area.width - 6, 8)
        var secret = Substring(created.secret.value)
        var secretLines: [String] = []
        while !secret.isEmpty {
            secretLines.append(String(secret.prefix(room)))
            secret = secret.dropFirst(room)
        }
        // The id is long; the status line and the list name it.
        let lines = ["Created “\(created.key.name)”. Its secret, shown once:", ""] + secretLines
            + ["", "Copy it now: Prism keeps only its hash.", "Enter or Esc closes it for good."]
        Overlays.box(title: "New key's secret", lines: lines, in: area, &frame)
    }
}
