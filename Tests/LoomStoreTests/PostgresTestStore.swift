// PostgresTestStore: PostgreSQL stores on fresh databases for the conformance suite, and their cleanup.

import LoomStore
import LoomTestSupport
import Synchronization

enum PostgresTestStore {
    /// Which database each open test store uses, so `dispose` can drop it.
    private static let databases = Mutex<[ObjectIdentifier: String]>([:])

    /// A store on a new, empty database (not migrated).
    @Sendable static func make() async throws -> any Store {
        let (url, name) = try await TestPostgres.createDatabase()
        do {
            let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 4)
            databases.withLock { $0[ObjectIdentifier(store)] = name }
            return store
        } catch {
            await TestPostgres.dropDatabase(name)
            throw error
        }
    }

    /// Closes the store and drops its database.
    @Sendable static func dispose(_ store: any Store) async {
        await store.close()
        guard let postgres = store as? PostgresStore,
              let name = databases.withLock({ $0.removeValue(forKey: ObjectIdentifier(postgres)) }) else { return }
        await TestPostgres.dropDatabase(name)
    }
}
