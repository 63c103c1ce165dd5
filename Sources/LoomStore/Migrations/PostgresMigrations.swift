// PostgresMigrations: the schema (SPEC §7) for PostgreSQL, with the same versions and names as SQLiteMigrations.

/// The PostgreSQL schema, version for version the twin of `SQLiteMigrations`: same tables,
/// columns and meaning, in PostgreSQL's types.
///
/// - Times are BIGINT wall-clock nanoseconds since the Unix epoch (the `Store` API's unit).
/// - Flags are BOOLEAN; surrogate ids are `BIGINT GENERATED ALWAYS AS IDENTITY`; job ids are the
///   caller's UUID text.
/// - Repository names are matched case-insensitively through `lower(full_name)` (SQLite: NOCASE).
/// - Enum-like columns hold the Swift raw values (`Platform`, `JobStatus`).
/// Released migrations are never edited: a change is a new version, in both lists.
public enum PostgresMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "create_repositories_deliveries_jobs", sql: """
            CREATE TABLE repositories (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                platform TEXT NOT NULL,
                platform_id TEXT NOT NULL,
                full_name TEXT NOT NULL,
                is_active BOOLEAN NOT NULL DEFAULT TRUE,
                webhook_secret TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (platform, platform_id)
            );
            -- Names are matched case-insensitively, as the platforms do.
            CREATE INDEX repositories_platform_full_name ON repositories (platform, lower(full_name));

            CREATE TABLE webhook_deliveries (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                platform TEXT NOT NULL,
                delivery_id TEXT,
                event TEXT NOT NULL,
                repository TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                UNIQUE (platform, delivery_id)
            );
            CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at);

            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                repository_id BIGINT NOT NULL REFERENCES repositories (id),
                pr_number BIGINT NOT NULL,
                head_sha TEXT NOT NULL,
                base_sha TEXT,
                status TEXT NOT NULL
                    CHECK (status IN ('queued', 'processing', 'completed', 'skipped', 'failed', 'cancelled')),
                reason TEXT,
                priority INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL DEFAULT 5,
                run_at BIGINT NOT NULL,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                error TEXT,
                cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
                cancel_reason TEXT,
                metadata TEXT NOT NULL DEFAULT '{}',
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                completed_at BIGINT,
                UNIQUE (repository_id, pr_number, head_sha)
            );
            CREATE INDEX jobs_created_at ON jobs (created_at);
            CREATE INDEX jobs_status_created_at ON jobs (status, created_at);
            """),
        Migration(version: 2, name: "create_reviews_findings", sql: """
            CREATE TABLE reviews (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
                pr_title TEXT,
                pr_author TEXT,
                blocker_count INTEGER NOT NULL DEFAULT 0,
                warning_count INTEGER NOT NULL DEFAULT 0,
                info_count INTEGER NOT NULL DEFAULT 0,
                model TEXT,
                tokens_in BIGINT NOT NULL DEFAULT 0,
                tokens_out BIGINT NOT NULL DEFAULT 0,
                duration_ms BIGINT NOT NULL DEFAULT 0,
                summary_comment_id TEXT,
                created_at BIGINT NOT NULL
            );

            CREATE TABLE findings (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
                pipeline TEXT NOT NULL,
                path TEXT NOT NULL,
                line BIGINT,
                severity TEXT NOT NULL CHECK (severity IN ('blocker', 'warning', 'info')),
                category TEXT,
                message TEXT NOT NULL,
                suggestion TEXT,
                fingerprint TEXT NOT NULL,
                platform_comment_id TEXT,
                posted_at BIGINT
            );
            CREATE INDEX findings_fingerprint ON findings (fingerprint);
            CREATE INDEX findings_review_id ON findings (review_id);
            """),
        Migration(version: 3, name: "lighter_ingest_indexes", sql: """
            -- Superseding and closing look at a PR's queued and running jobs only; this partial
            -- index holds just those (usually one) instead of every job the PR ever had.
            CREATE INDEX jobs_active_by_pull_request ON jobs (repository_id, pr_number)
                WHERE status IN ('queued', 'processing');
            -- Every index costs each webhook an insert. Old deliveries are pruned by id.
            DROP INDEX webhook_deliveries_received_at;
            -- Unlike SQLite, which lists jobs newest first by rowid and so dropped jobs_created_at
            -- here, PostgreSQL has no insertion order to fall back on: jobs_created_at stays.
            """),
    ]
}
