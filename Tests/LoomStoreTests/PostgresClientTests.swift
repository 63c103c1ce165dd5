// PostgresClientTests: the libpq client on the reactor — parameters, results, errors, transactions, pipelines.

import LoomCore
import LoomPostgres
import LoomReactor
import LoomTestSupport
import Testing

@Suite("PostgreSQL client")
struct PostgresClientTests {
    /// Runs `body` with a connection to a fresh database.
    func withConnection(_ body: (PostgresConnection) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { url in
            let connection = try await PostgresConnection.connect(try PostgresConfiguration(url: url), on: TestPostgres.group.next())
            do {
                try await body(connection)
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        }
    }

    @Test("parameters of every type round-trip, typed and NULL")
    func parameters() async throws {
        try await withConnection { connection in
            let bytes = (0...255).map(UInt8.init) + [0, 0]
            let result = try await connection.query(
                "SELECT $1::int8 AS i, $2::text AS t, $3::bool AS b, $4::float8 AS d, $5::bytea AS y, $6::text AS n, $7::int4 AS small",
                [.int64(-9_223_372_036_854_775_808), "zoë 🚀 \"'; DROP TABLE x; --", true, .double(0.1 + 0.2), .bytea(bytes), nil, 42])
            #expect(result.count == 1 && result.columns.map(\.name) == ["i", "t", "b", "d", "y", "n", "small"])
            let row = result[0]
            #expect(try row.decode("i", as: Int64.self) == .min)
            #expect(try row.decode("t", as: String.self) == "zoë 🚀 \"'; DROP TABLE x; --")
            #expect(try row.decode("b", as: Bool.self) == true)
            #expect(try row.decode("d", as: Double.self) == 0.1 + 0.2)
            #expect(try row.decode("y", as: [UInt8].self) == bytes)
            #expect(try row.decode("n", as: String?.self) == nil)
            #expect(row["n"].isNull && row["n"].string == nil)
            #expect(try row.decode(6, as: Int.self) == 42)
            #expect(throws: PostgresError.self) { try row.decode("n", as: String.self) }
            #expect(throws: PostgresError.self) { try row.decode("t", as: Int.self) }
            #expect(throws: PostgresError.self) { try row.decode("missing", as: String?.self) }

            // Swift values convert; empty text is not NULL; special doubles survive.
            let more = try await connection.query(
                "SELECT $1::text = '' AS empty, $2::float8 AS inf, $3::float8 AS nan, $4::bytea AS none, $5::int8 AS opt",
                [PostgresValue(""), .double(-.infinity), .double(.nan), .bytea([]), PostgresValue(Int?.none)])
            #expect(more[0]["empty"].bool == true)
            #expect(more[0]["inf"].double == -.infinity && more[0]["nan"].double?.isNaN == true)
            #expect(more[0]["none"].bytes == [] && more[0]["opt"].isNull)

            // The same text with other parameter types is prepared separately, never misread.
            for value: PostgresValue in [nil, "text", 7, true, nil, "again"] {
                let echoed = try await connection.query("SELECT $1::text AS v", [value])
                switch value {
                case .null: #expect(echoed[0]["v"].isNull)
                case .text(let text): #expect(echoed[0]["v"].string == text)
                case .int64(let number): #expect(echoed[0]["v"].string == String(number))
                case .bool(let flag): #expect(echoed[0]["v"].string == (flag ? "true" : "false"))
                default: break
                }
            }
        }
    }

    @Test("a large result and a large parameter")
    func largeData() async throws {
        try await withConnection { connection in
            let rows = try await connection.query("SELECT g AS n, repeat('x', 200) AS pad FROM generate_series(1, 50000) g")
            #expect(rows.count == 50_000)
            #expect(rows.reduce(Int64(0)) { $0 + ($1["n"].int64 ?? 0) } == 50_000 * 50_001 / 2)
            #expect(rows[49_999]["pad"].string?.count == 200)
            let big = String(repeating: "abcdefgh", count: 1 << 20)  // 8 MiB: many partial flushes
            let echoed = try await connection.query("SELECT length($1::text) AS length, md5($1::text) = md5($2::text) AS same",
                                                    [.text(big), .text(big)])
            #expect(echoed[0]["length"].int == big.utf8.count && echoed[0]["same"].bool == true)
        }
    }

    @Test("server errors carry their SQLSTATE and leave the connection usable")
    func errors() async throws {
        try await withConnection { connection in
            try await connection.execute(script: "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL); INSERT INTO t VALUES (1, 'a')")
            do {
                _ = try await connection.query("INSERT INTO t VALUES ($1, $2)", [1, "b"])
                Issue.record("expected a unique violation")
            } catch let error as PostgresError {
                #expect(error.kind == .server && error.sqlState == PostgresError.uniqueViolation)
                #expect(error.constraint == "t_pkey" && !error.isConnectionFailure)
            }
            await #expect(throws: PostgresError.self) { try await connection.query("SELEC 1") }
            do {
                _ = try await connection.query("SELECT 1 / $1::int", [0])
            } catch let error as PostgresError {
                #expect(error.sqlState == "22012")
            }
            // Two commands in one extended-protocol statement are refused, not half run.
            await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1; SELECT 2") }
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0]["n"].int == 1)
            #expect(connection.isOpen && connection.transactionState == .idle)
        }
    }

    @Test("transactions commit, roll back on a throw, and refuse to commit after a failed statement")
    func transactions() async throws {
        try await withConnection { connection in
            try await connection.execute(script: "CREATE TABLE t (id int PRIMARY KEY)")
            try await connection.transaction { _ = try await $0.query("INSERT INTO t VALUES (1)") }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await connection.transaction { connection in
                    _ = try await connection.query("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            await #expect(throws: PostgresError.self) {
                try await connection.transaction { connection in
                    _ = try await connection.query("INSERT INTO t VALUES (3)")
                    _ = try? await connection.query("INSERT INTO t VALUES (1)")  // swallowed unique violation
                }
            }
            #expect(try await connection.query("SELECT array_agg(id ORDER BY id)::text AS ids FROM t")[0]["ids"].string == "{1}")
            #expect(connection.transactionState == .idle)
        }
    }

    @Test("a pipeline runs many statements in one round trip; an error skips the rest of that pipeline only")
    func pipeline() async throws {
        try await withConnection { connection in
            try await connection.execute(script: "CREATE TABLE t (id int PRIMARY KEY)")
            let inserts = (1...200).map { PostgresStatement("INSERT INTO t VALUES ($1)", [.int($0)]) }
            let results = try await connection.pipeline(["BEGIN"] + inserts + ["COMMIT"])
            #expect(results.count == 202 && results[1].affectedRows == 1 && results[201].commandTag == "COMMIT")
            do {
                _ = try await connection.pipeline(["BEGIN", PostgresStatement("INSERT INTO t VALUES ($1)", [500]),
                                                   PostgresStatement("INSERT INTO t VALUES ($1)", [1]),
                                                   PostgresStatement("INSERT INTO t VALUES ($1)", [501]), "COMMIT"])
                Issue.record("expected a unique violation")
            } catch let error as PostgresError {
                #expect(error.sqlState == PostgresError.uniqueViolation)
            }
            // The explicit transaction stays failed until rolled back.
            #expect(connection.transactionState == .failed)
            _ = try await connection.query("ROLLBACK")
            #expect(try await connection.query("SELECT count(*) AS n FROM t")[0]["n"].int == 200)
        }
    }

    @Test("one connection serves many tasks at once, each with its own answer")
    func concurrentOnOneConnection() async throws {
        try await withConnection { connection in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<200 {
                    group.addTask {
                        let result = try await connection.query("SELECT $1::int8 * 2 AS twice, $2::text AS tag", [.int(task), "t\(task)"])
                        #expect(result[0]["twice"].int == task * 2 && result[0]["tag"].string == "t\(task)")
                        if task.isMultiple(of: 10) { await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1/0") } }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a pool serves many concurrent callers with few connections")
    func pool() async throws {
        try await TestPostgres.withDatabase { url in
            var configuration = try PostgresConfiguration(url: url)
            configuration.poolSize = 3
            let pool = PostgresPool(configuration: configuration, group: TestPostgres.group)
            try await pool.withConnection { try await $0.execute(script: "CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await pool.transaction { _ = try await $0.query("UPDATE counter SET n = n + 1") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.query("SELECT n FROM counter")[0]["n"].int == 100)
            let statistics = await pool.statistics()
            #expect(statistics.connects <= 3 && statistics.leased == 0)
            try await pool.ping()
            await pool.close()
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        }
    }

    @Test("bad URLs, refused connections and slow answers fail with clear errors")
    func failures() async throws {
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "postgresql://host:notaport/db?bogus=1") }
        let configuration = try PostgresConfiguration(url: "postgres://loom:secret@127.0.0.1:1/loom?sslmode=disable")
        #expect(configuration.options["host"] == "127.0.0.1" && configuration.options["dbname"] == "loom")
        #expect(!configuration.redacted.contains("secret"))
        do {
            _ = try await PostgresConnection.connect(configuration, on: TestPostgres.group.next())
            Issue.record("connected to port 1")
        } catch let error as PostgresError {
            #expect(error.kind == .connection && error.isConnectionFailure)
        }
        try await TestPostgres.withDatabase { url in
            var slow = try PostgresConfiguration(url: url)
            slow.queryTimeout = .milliseconds(200)
            let connection = try await PostgresConnection.connect(slow, on: TestPostgres.group.next())
            do {
                _ = try await connection.query("SELECT pg_sleep(5)")
                Issue.record("no timeout")
            } catch let error as PostgresError {
                #expect(error.kind == .timeout)
            }
            #expect(!connection.isOpen)
        }
    }
}

@Suite("PostgreSQL client connecting")
struct PostgresClientConnectingTests {
    @Test("a host name is resolved before libpq sees it; every address is tried in turn")
    func hostName() async throws {
        try await TestPostgres.withDatabase { url in
            let configuration = try PostgresConfiguration(url: url)
            guard configuration.options["host"] == "127.0.0.1" else { return }
            // localhost may resolve to ::1 first, where nothing listens: libpq moves on to the
            // next address on a new socket, which the loop must follow.
            let named = configuration.with("host", "localhost")
            let connection = try await PostgresConnection.connect(named, on: TestPostgres.group.next())
            #expect(try await connection.query("SELECT 1 AS one")[0]["one"].int == 1)
            await connection.close()
            let unknown = configuration.with("host", "no-such-host.invalid")
            await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(unknown, on: TestPostgres.group.next()) }
        }
    }

    @Test("TLS (sslmode=require) carries large results and parameters, when the server offers it")
    func tls() async throws {
        try await TestPostgres.withDatabase { url in
            let secure = try PostgresConfiguration(url: url).with("sslmode", "require")
            // The throwaway clusters have no certificate; a server with one (or CI's) is tested.
            guard let connection = try? await PostgresConnection.connect(secure, on: TestPostgres.group.next()) else { return }
            let tls = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            #expect(tls[0]["ssl"].bool == true)
            for rows in [1_000, 20_000, 100_000] {
                let result = try await connection.query("SELECT g, md5(g::text) AS h FROM generate_series(1, $1::int) g", [.int(rows)])
                #expect(result.count == rows && result[rows - 1]["g"].int == rows)
            }
            let big = [UInt8](repeating: 7, count: 3 << 20)
            #expect(try await connection.query("SELECT length($1::bytea) AS n", [.bytea(big)])[0]["n"].int == big.count)
            await connection.close()
        }
    }
}
