/*
 * jsonw: a streaming JSON writer over a buf, for responses.
 *
 * Parsing request JSON is jansson's job (http/json.c); responses are written here
 * straight from database rows without building a tree, which keeps the read path
 * short. The writer tracks nesting so commas are placed automatically: call
 * jsonw_key before each member of an object, then one value call.
 * Strings must be valid UTF-8 (everything stored was validated on the way in);
 * control characters, quotes and backslashes are escaped.
 */
#ifndef DAICHO_CORE_JSONW_H
#define DAICHO_CORE_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum { JSONW_MAX_DEPTH = 32 };

struct jsonw {
	struct buf *out;			/* destination, owned by the caller */
	int depth;				/* open containers */
	bool first[JSONW_MAX_DEPTH];		/* no member written yet at this depth */
	bool after_key;				/* a key was written; next value needs no comma */
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_obj(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
/* Writes an object key (the next call writes its value). */
void jsonw_key(struct jsonw *w, const char *k);
/* Values. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_null(struct jsonw *w);
void jsonw_bool(struct jsonw *w, bool v);
/* A 64-bit integer written as a JSON string ("12"), as kintone sends every number. */
void jsonw_int_str(struct jsonw *w, long long v);
/* A 64-bit integer written as a JSON number. */
void jsonw_int(struct jsonw *w, long long v);
/* Text that is already valid JSON (an array or object produced by this project). */
void jsonw_raw(struct jsonw *w, const char *json, size_t n);
/* key + value shorthands. */
void jsonw_kstr(struct jsonw *w, const char *k, const char *s);
void jsonw_kint_str(struct jsonw *w, const char *k, long long v);
void jsonw_kbool(struct jsonw *w, const char *k, bool v);
void jsonw_knull(struct jsonw *w, const char *k);
/* Appends s as a quoted, escaped JSON string to b (no comma handling). */
void json_quote(struct buf *b, const char *s, size_t n);

#endif
