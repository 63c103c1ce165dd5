// KeySuggestion: "did you mean" for misspelt config keys and template variables.

/// Finds the known name a user most likely meant.
enum KeySuggestion {
    /// The closest of `candidates` to `word`: a case/`_`/`-` variant (`includePaths`,
    /// `Include-Paths`) first, then the one key `word` is a prefix of (or extends), else the
    /// nearest within Damerau-Levenshtein distance 2. Ties go to the candidate listed first, so
    /// callers list keys in schema order.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let folded = fold(word)
        if let variant = candidates.first(where: { fold($0) == folded }) { return variant }
        // A cut-short or overlong form (`api_key` for `api_key_env`), when only one key fits.
        let extensions = candidates.filter { min($0.count, word.count) >= 4 && ($0.hasPrefix(word) || word.hasPrefix($0)) }
        if extensions.count == 1 { return extensions[0] }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = distance(Array(word.lowercased()), Array(candidate.lowercased()))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        // A two-letter word is two edits from every other two-letter word; suggesting then is noise.
        guard let best, best.distance < max(word.count, 2) else { return nil }
        return best.name
    }

    /// `" (did you mean `x`?)"` or nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean `\($0)`?)" } ?? ""
    }

    private static func fold(_ word: String) -> String {
        String(word.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost 1.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Keys are short, and a key longer than this is not worth comparing letter by letter.
        if abs(a.count - b.count) > 2 || a.count > 64 || b.count > 64 { return Int.max }
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in 0...a.count { table[i * width] = i }
        for j in 0...b.count { table[j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                                table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = value
            }
        }
        return table[a.count * width + b.count]
    }
}
