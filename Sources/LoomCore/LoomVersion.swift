// LoomVersion: the version string reported by /health, `loom --version` and logs.

/// Loom's release version.
public enum LoomVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
