// CPostgres: libpq's client API for LoomPostgres (the only Swift module that imports it).
#ifndef LOOM_CPOSTGRES_SHIM_H
#define LOOM_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
