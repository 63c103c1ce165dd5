// CPostgres: libpq's client API for LoomPostgres (the only Swift module that imports it).
#ifndef LOOM_CPOSTGRES_SHIM_H
#define LOOM_CPOSTGRES_SHIM_H
#include <libpq-fe.h>

/* The PG_DIAG_* field codes are character-literal macros, which Swift does not import. */
static inline const char *loom_pq_sqlstate(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_SQLSTATE); }
static inline const char *loom_pq_message(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY); }
static inline const char *loom_pq_detail(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL); }
static inline const char *loom_pq_hint(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_HINT); }
static inline const char *loom_pq_constraint(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME); }
static inline const char *loom_pq_severity(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED); }

/* Notices (e.g. "relation already exists, skipping") would otherwise go to stderr. */
static inline void loom_pq_ignore_notice(void *argument, const char *message) { (void)argument; (void)message; }
static inline void loom_pq_silence_notices(PGconn *connection) { PQsetNoticeProcessor(connection, loom_pq_ignore_notice, NULL); }
#endif
