// SQLiteMigrations: the schema (SPEC §7) for the embedded SQLite database, version by version.

/// The SQLite schema. A PostgreSQL list with the same versions and names sits beside it.
///
/// Conventions, shared with PostgreSQL so the SQL stays close:
/// - Times are INTEGER wall-clock nanoseconds since the Unix epoch (the `Store` API's unit).
/// - Booleans are INTEGER 0/1 here (BOOLEAN on PostgreSQL).
/// - Surrogate ids are `INTEGER PRIMARY KEY` (the rowid) here (identity columns on PostgreSQL);
///   job ids are caller-chosen UUID text on both.
/// - Enum-like columns hold the Swift raw values (`Platform`, `JobStatus`).
/// Released migrations are never edited: a change is a new version.
public enum SQLiteMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "create_repositories_deliveries_jobs", sql: """
            CREATE TABLE repositories (
                id INTEGER PRIMARY KEY,
                platform TEXT NOT NULL,
                platform_id TEXT NOT NULL,
                full_name TEXT NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                webhook_secret TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (platform, platform_id)
            );
            -- NOCASE: names are matched case-insensitively, as the platforms do (PostgreSQL: lower(full_name)).
            CREATE INDEX repositories_platform_full_name ON repositories (platform, full_name COLLATE NOCASE);

            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY,
                platform TEXT NOT NULL,
                delivery_id TEXT,
                event TEXT NOT NULL,
                repository TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                UNIQUE (platform, delivery_id)
            );
            CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at);

            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                repository_id INTEGER NOT NULL REFERENCES repositories (id),
                pr_number INTEGER NOT NULL,
                head_sha TEXT NOT NULL,
                base_sha TEXT,
                status TEXT NOT NULL
                    CHECK (status IN ('queued', 'processing', 'completed', 'skipped', 'failed', 'cancelled')),
                reason TEXT,
                priority INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL DEFAULT 5,
                run_at INTEGER NOT NULL,
                lease_owner TEXT,
                lease_expires_at INTEGER,
                error TEXT,
                cancel_requested INTEGER NOT NULL DEFAULT 0,
                cancel_reason TEXT,
                metadata TEXT NOT NULL DEFAULT '{}',
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                completed_at INTEGER,
                UNIQUE (repository_id, pr_number, head_sha)
            );
            -- Per-PR lookups (supersede, cancel on close) use the unique index's (repository_id,
            -- pr_number) prefix. Listing newest first uses these two; the second also finds the
            -- queued jobs for loading the queue and the processing ones for lease rescue, both
            -- small sets, so no separate (status, run_at, priority) index is kept up to date on
            -- every ingest and every state change.
            CREATE INDEX jobs_created_at ON jobs (created_at);
            CREATE INDEX jobs_status_created_at ON jobs (status, created_at);
            """),
        Migration(version: 2, name: "create_reviews_findings", sql: """
            CREATE TABLE reviews (
                id INTEGER PRIMARY KEY,
                job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
                pr_title TEXT,
                pr_author TEXT,
                blocker_count INTEGER NOT NULL DEFAULT 0,
                warning_count INTEGER NOT NULL DEFAULT 0,
                info_count INTEGER NOT NULL DEFAULT 0,
                model TEXT,
                tokens_in INTEGER NOT NULL DEFAULT 0,
                tokens_out INTEGER NOT NULL DEFAULT 0,
                duration_ms INTEGER NOT NULL DEFAULT 0,
                summary_comment_id TEXT,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE findings (
                id INTEGER PRIMARY KEY,
                review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
                pipeline TEXT NOT NULL,
                path TEXT NOT NULL,
                line INTEGER,
                severity TEXT NOT NULL CHECK (severity IN ('blocker', 'warning', 'info')),
                category TEXT,
                message TEXT NOT NULL,
                suggestion TEXT,
                fingerprint TEXT NOT NULL,
                platform_comment_id TEXT,
                posted_at INTEGER
            );
            CREATE INDEX findings_fingerprint ON findings (fingerprint);
            CREATE INDEX findings_review_id ON findings (review_id);
            """),
        Migration(version: 3, name: "lighter_ingest_indexes", sql: """
            -- Superseding and closing look at a PR's queued and running jobs only. Through the
            -- unique index they walked every job the PR ever had, which grows without bound on a
            -- long-lived PR; this partial index holds just the active ones (usually one).
            CREATE INDEX jobs_active_by_pull_request ON jobs (repository_id, pr_number)
                WHERE status IN ('queued', 'processing');
            -- Every index costs each webhook an insert. Listing newest first uses the rowid
            -- (insertion order) instead, and old deliveries are pruned by rowid too.
            DROP INDEX jobs_created_at;
            DROP INDEX webhook_deliveries_received_at;
            """),
    ]
}
