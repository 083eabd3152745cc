/* static: the embedded web UI (see static.c). */
#ifndef DAICHO_HTTP_STATIC_H
#define DAICHO_HTTP_STATIC_H

#include <stdbool.h>

#include "http/req.h"

/* Fills s with the UI file for r's path and returns true, or returns false. */
bool static_serve(const struct req *r, struct res *s);

#endif
