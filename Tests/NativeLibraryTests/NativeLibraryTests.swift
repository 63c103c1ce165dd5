// NativeLibraryTests: each wrapped C library links and does one real thing.

import LoomCore
import LoomCrypto
import LoomHTTPClient
import LoomPostgres
import LoomRedis
import LoomSQLite
import Testing

@Suite("Native libraries")
struct NativeLibraryTests {
    @Test("OpenSSL computes the SHA-256 of \"abc\" (FIPS 180-2 vector)")
    func openSSLDigest() {
        #expect(Hex.encode(Digest.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.libraryVersion.hasPrefix("OpenSSL 3"))
    }

    @Test("OpenSSL HMAC-SHA256 matches GitHub's documented webhook vector")
    func openSSLHMAC() {
        let message = Array("Hello, World!".utf8)
        let mac = message.withUnsafeBytes { Digest.hmac(.sha256, key: Array("It's a Secret to Everybody".utf8), message: $0) }
        #expect(Hex.encode(mac) == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test("SQLite opens an in-memory database and runs SQL")
    func sqlite() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        let insert = try database.prepare("INSERT INTO t (name) VALUES (?)")
        try insert.bind([.text("loom")])
        #expect(try insert.step() == false)
        #expect(try database.query("SELECT id, name FROM t") == [[.integer(1), .text("loom")]])
        #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO t (id, name) VALUES (1, 'dup')") }
    }

    @Test("libpq is thread-safe and parses connection strings")
    func libpq() {
        #expect(PostgresLibrary.version >= 120_000)
        #expect(PostgresLibrary.isThreadSafe)
        #expect(PostgresLibrary.validateConnectionString("postgresql://loom:secret@127.0.0.1:5432/loom?sslmode=disable") == nil)
        #expect(PostgresLibrary.validateConnectionString("host=x bogus_option=1") != nil)
    }

    @Test("hiredis parses RESP replies fed in pieces")
    func hiredis() throws {
        let reader = RedisReplyReader()
        let wire = Array("*3\r\n+OK\r\n:42\r\n$5\r\nhello\r\n-ERR wrong\r\n".utf8)
        for byte in wire.prefix(10) { reader.feed([byte]) }
        #expect(try reader.next() == nil)
        reader.feed(Array(wire.dropFirst(10)))
        #expect(try reader.next() == .array([.status("OK"), .integer(42), .bulk(Array("hello".utf8))]))
        #expect(try reader.next() == .error("ERR wrong"))
        #expect(try reader.next() == nil)
        let broken = RedisReplyReader()
        broken.feed(Array("?bogus\r\n".utf8))
        #expect(throws: RedisProtocolError.self) { try broken.next() }
    }

    @Test("libcurl uses OpenSSL and creates multi handles")
    func libcurl() {
        #expect(CurlLibrary.canCreateMultiHandle())
        #expect(CurlLibrary.sslVersion?.hasPrefix("OpenSSL") == true)
    }
}
