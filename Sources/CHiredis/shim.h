// CHiredis: hiredis's reader and async context for LoomRedis (the only Swift module that imports it).
#ifndef LOOM_CHIREDIS_SHIM_H
#define LOOM_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#endif
