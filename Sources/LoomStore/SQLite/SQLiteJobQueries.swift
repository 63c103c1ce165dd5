// SQLiteJobQueries: the read-only job queries, run on the reader connection.

import LoomCore
internal import LoomSQLite

/// Job reads. Each is one statement, so it sees one committed snapshot without a transaction.
enum SQLiteJobQueries {
    static func list(_ filter: JobFilter, _ cache: SQLiteConnection) throws -> [Job] {
        // One SQL text per filter combination rather than `?1 IS NULL OR …`, so each gets the
        // plan that uses its index: status + created_at, or, unfiltered, the rowid, which grows
        // with every insert and so orders by age without an index of its own to keep up.
        var conditions: [String] = []
        if filter.status != nil { conditions.append("j.status = ?1") }
        if filter.repository != nil { conditions.append("r.full_name = ?2 COLLATE NOCASE") }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let order = filter.status == nil ? " ORDER BY j.rowid DESC LIMIT ?3" : " ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?3"
        let select = try cache.statement(SQLiteRows.jobSelect + whereClause + order)
        if let status = filter.status { try select.bind(status.rawValue, at: 1) }
        if let repository = filter.repository { try select.bind(repository, at: 2) }
        try select.bind(filter.limit, at: 3)
        return try SQLiteRows.jobs(select)
    }

    static func ready(now: Int64, limit: Int, _ cache: SQLiteConnection) throws -> [Job] {
        let select = try cache.statement(SQLiteRows.jobSelect + """
             WHERE j.status = 'queued' AND j.run_at <= ?1 ORDER BY j.priority DESC, j.run_at, j.created_at, j.id LIMIT ?2
            """)
        try select.bind(now, at: 1)
        try select.bind(max(limit, 0), at: 2)
        return try SQLiteRows.jobs(select)
    }

    static func queued(limit: Int, _ cache: SQLiteConnection) throws -> [Job] {
        let select = try cache.statement(SQLiteRows.jobSelect + """
             WHERE j.status = 'queued' ORDER BY j.priority DESC, j.run_at, j.created_at, j.id LIMIT ?1
            """)
        try select.bind(max(limit, 0), at: 1)
        return try SQLiteRows.jobs(select)
    }

    /// True when the job was asked to stop or cancelled, or no longer exists.
    static func isStale(id: String, _ cache: SQLiteConnection) throws -> Bool {
        let select = try cache.statement("SELECT cancel_requested, status FROM jobs WHERE id = ?1")
        try select.bind(id, at: 1)
        return try select.withReset { row in
            guard try row.step() else { return true }
            return row.int64(0) != 0 || row.text(1) == JobStatus.cancelled.rawValue
        }
    }

    static func counts(_ cache: SQLiteConnection) throws -> [JobStatus: Int] {
        let select = try cache.statement("SELECT status, COUNT(*) FROM jobs GROUP BY status")
        var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        try select.withReset { row in
            while try row.step() {
                guard let status = JobStatus(rawValue: row.text(0) ?? "") else { continue }
                counts[status] = row.int(1)
            }
        }
        return counts
    }
}
