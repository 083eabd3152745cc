/*
 * fuzz_query: libFuzzer target for the record query compiler.
 *
 * The input bytes are a query against the test schema (tests/unit/query/test_schema.h),
 * compiled twice: once as GET records.json would (a caller, the limit maxima), once as
 * the cursor API would with no caller. Beyond the sanitizers, it checks the contract:
 * an error carries a documented code and an offset inside the input; a success yields
 * SQL that SQLite prepares against the storage mapping with exactly one placeholder
 * per parameter. Anything else aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "query/query.h"
#include "query/test_schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

static void die(const char *what, const char *detail, const uint8_t *q, size_t n)
{
	fprintf(stderr, "fuzz_query: %s: %s\nquery: %.*s\n", what, detail ? detail : "",
		(int)n, (const char *)q);
	abort();
}

static bool known_code(enum err_code c)
{
	switch (c) {
	case E_QUERY: case E_QUERY_FIELD: case E_QUERY_OPERATOR: case E_QUERY_DAY:
	case E_QUERY_UNIT: case E_QUERY_ARGS: case E_QUERY_LIMITS: case E_LIMIT_TOO_LARGE:
	case E_OFFSET_TOO_LARGE: case E_INPUT:
		return true;
	default:
		return false;
	}
}

static void check(const uint8_t *data, size_t size, const struct query_ctx *ctx)
{
	struct arena a;
	struct err e;
	struct query_plan p;
	arena_init(&a, 0);
	err_init(&e, &a);
	int rc = query_compile(&a, (const char *)data, size, test_schema(), ctx, &p, &e);
	if (rc != 0) {
		if (rc != -1 || !known_code(e.code))
			die("unexpected error code", err_table(e.code)->kcode, data, size);
		if (e.pos < 0 || (size_t)e.pos > size)
			die("error position outside the query", NULL, data, size);
		if (!utf8_valid(e.arg, strlen(e.arg), NULL))
			die("message argument is not UTF-8", NULL, data, size);
		bool keyed = e.code == E_QUERY || e.code == E_QUERY_LIMITS || e.code == E_INPUT;
		if (keyed != (e.n_fields == 1))
			die("field errors do not match the code", err_table(e.code)->kcode, data, size);
		arena_destroy(&a);
		return;
	}
	if (p.order_by == NULL || p.limit < 0 || p.offset < 0)
		die("incomplete plan", NULL, data, size);
	if (!(ctx->flags & QUERY_NO_BOUNDS) &&
	    (p.limit > QUERY_LIMIT_MAX || p.offset > QUERY_OFFSET_MAX))
		die("limit or offset above the maxima", NULL, data, size);
	size_t marks = 0;
	for (const char *c = p.where ? p.where : ""; *c; c++)
		marks += *c == '?';
	if (marks != p.n_params || p.n_params > QUERY_MAX_PARAMS)
		die("placeholders and parameters differ", p.where, data, size);
	size_t n = (p.where ? strlen(p.where) : 0) + strlen(p.order_by) + 96;
	char *sql = malloc(n);
	snprintf(sql, n, "SELECT t.\"id\" FROM \"app_1\" AS t WHERE %s ORDER BY %s LIMIT ? OFFSET ?",
		 p.where ? p.where : "1", p.order_by);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die("SQLite refused the SQL", sqlite3_errmsg(db), data, size);
	if ((size_t)sqlite3_bind_parameter_count(st) != p.n_params + 2)
		die("SQLite counts other placeholders", sql, data, size);
	sqlite3_finalize(st);
	free(sql);
	arena_destroy(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (db == NULL) {
		time_set_zone("Asia/Tokyo");
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    sqlite3_exec(db, test_schema_ddl(), NULL, NULL, NULL) != SQLITE_OK)
			abort();
	}
	struct query_ctx records = {.now = 1715742245, .login_user = "sato"};
	struct query_ctx cursor = {.now = 1715742245, .login_user = NULL,
				   .flags = QUERY_NO_LIMIT_OFFSET | QUERY_NO_BOUNDS};
	check(data, size, &records);
	check(data, size, &cursor);
	return 0;
}
