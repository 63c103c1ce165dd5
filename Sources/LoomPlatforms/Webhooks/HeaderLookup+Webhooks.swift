// HeaderLookup+Webhooks: reading the first of several alternative webhook headers.

internal import LoomCore

extension HeaderLookup {
    /// The value of the first header in `names` that is present, or nil.
    ///
    /// Platforms send the same fact under several names (Forgejo adds its own copies of the
    /// Gitea headers; GitLab has three delivery ids), so lookups go in order of preference.
    func firstHeader(_ names: String...) -> String? {
        for name in names {
            if let value = headerValue(name) { return value }
        }
        return nil
    }

    /// Like `firstHeader`, skipping headers that are present but empty.
    func firstNonEmptyHeader(_ names: String...) -> String? {
        for name in names {
            if let value = headerValue(name), !value.isEmpty { return value }
        }
        return nil
    }
}
