// Repository: a registered repository row.

/// A repository Loom has seen or was told about.
public struct Repository: Hashable, Sendable {
    public var id: Int64
    public var ref: RepositoryRef
    /// Disabled repositories get `repo_not_enabled` for their webhooks.
    public var isActive: Bool
    /// Optional per-repository webhook secret, overriding the platform's.
    public var webhookSecret: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: Int64, ref: RepositoryRef, isActive: Bool, webhookSecret: String? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.ref = ref
        self.isActive = isActive
        self.webhookSecret = webhookSecret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
