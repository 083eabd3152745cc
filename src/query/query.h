/*
 * query: kintone's record query language, compiled to SQLite SQL with bound parameters.
 *
 * Pure: takes the query text, a schema snapshot and a context (now, the caller, limits)
 * and returns either a plan (SQL fragments + typed parameters + limit/offset) or an
 * error with a kintone code and the byte offset of the offending token. It never opens a
 * database and never pastes a value into SQL text: values become `?` parameters,
 * identifiers come from the schema and pass sql_ident().
 *
 * docs/QUERY.md describes the language as daicho implements it.
 */
#ifndef DAICHO_QUERY_QUERY_H
#define DAICHO_QUERY_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "fields/schema.h"

struct arena;

/* Bounds that keep hostile queries cheap to refuse. */
enum {
	QUERY_MAX_BYTES = 65536,	/* longest query text */
	QUERY_MAX_DEPTH = 32,		/* deepest parenthesis nesting */
	QUERY_MAX_TERMS = 1000,		/* most conditions in one query */
	QUERY_MAX_IN = 1000,		/* most values in one in (...) list */
	QUERY_MAX_ORDER = 10,		/* most order by keys */
	QUERY_MAX_PARAMS = 10000,	/* most bound values in the compiled WHERE */
	QUERY_LIMIT_MAX = 500,		/* kintone's limit maximum (GAIA_QU01 above) */
	QUERY_OFFSET_MAX = 10000,	/* kintone's offset maximum (GAIA_QU02 above) */
	QUERY_LIMIT_DEFAULT = 100,
};

/* Flags for query_compile. */
enum {
	QUERY_NO_LIMIT_OFFSET = 1,	/* refuse limit/offset clauses (cursor API) */
	QUERY_NO_BOUNDS = 2,		/* skip the 500/10000 limit/offset maxima */
};

struct query_ctx {
	time_t now;			/* evaluation time for NOW(), TODAY() ... (server zone) */
	const char *login_user;		/* user code for LOGINUSER(); NULL when none */
	unsigned flags;			/* QUERY_* flags */
};

enum query_param_kind { QP_TEXT, QP_INT, QP_REAL };

struct query_param {
	enum query_param_kind kind;
	const char *text;		/* QP_TEXT: arena string */
	int64_t i;			/* QP_INT */
	double d;			/* QP_REAL */
};

struct query_plan {
	const char *where;		/* SQL boolean expression over alias t, or NULL for all */
	const char *order_by;		/* SQL ORDER BY list (without the keywords), never NULL */
	int64_t limit;			/* rows to return (default 100) */
	int64_t offset;			/* rows to skip (default 0) */
	bool has_limit, has_offset;	/* the query gave them explicitly */
	struct query_param *params;	/* values for the `?` in where, in order */
	size_t n_params;
	const struct field_def **used;	/* top-level fields it filters or sorts by (for indexes) */
	size_t n_used;
};

/*
 * Compiles q[0..len) against schema s. On success fills *out (arena-owned) and returns 0.
 * On failure returns -1 with e->code one of E_QUERY (syntax; a field error keyed "query"),
 * E_QUERY_FIELD, E_QUERY_OPERATOR, E_QUERY_DAY, E_QUERY_UNIT, E_QUERY_ARGS,
 * E_QUERY_LIMITS, E_LIMIT_TOO_LARGE, E_OFFSET_TOO_LARGE, E_INPUT (negative limit/offset)
 * and e->pos the byte offset of the offending token.
 */
int query_compile(struct arena *a, const char *q, size_t len, const struct schema *s,
		  const struct query_ctx *ctx, struct query_plan *out, struct err *e);

/* Appends identifier id to the arena string as a double-quoted SQL identifier. */
char *sql_ident(struct arena *a, const char *id);

#endif
