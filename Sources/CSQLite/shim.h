// CSQLite: the SQLite API for LoomSQLite, plus helpers for the destructor macros Swift cannot import.
#ifndef LOOM_CSQLITE_SHIM_H
#define LOOM_CSQLITE_SHIM_H
#include <sqlite3.h>

/// sqlite3_bind_text with SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
static inline int loom_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}
/// sqlite3_bind_blob with SQLITE_TRANSIENT.
static inline int loom_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}
#endif
