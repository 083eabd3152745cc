/*
 * test_query: the query compiler against the data-driven cases in tests/cases/query/
 * and against SQLite itself.
 *
 * Each *.case file is one cmocka test holding many cases (format in
 * tests/cases/query/README). A success case states the exact WHERE, parameters and
 * optionally ORDER BY / limit / offset; an error case the error code, byte offset and
 * optionally the message argument. Every compiled query is also prepared against an
 * in-memory SQLite database built from test_schema.h, and cases with `ids:` are run
 * against the rows of tests/cases/query/fixture.sql. The generated tests below cover
 * what is too large for a case file: 10,000-term chains, 10,000 nested parentheses,
 * the size bounds, and the worst and/or shapes measured against SQLite's limits.
 * Run from the repository root.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "query/query.h"
#include "query/test_schema.h"

#define CASE_DIR "tests/cases/query"
#define DEFAULT_NOW "2024-05-15T03:04:05Z"	/* Wednesday 12:04:05 in Tokyo */
#define DEFAULT_USER "sato"

static sqlite3 *db;
static size_t n_cases_total;

/* ---- the database ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	size_t r;
	while ((r = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0)
			p = realloc(p, cap *= 2);
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

static void open_db(void)
{
	char *err = NULL;
	char *fixture = slurp(CASE_DIR "/fixture.sql", NULL);
	if (fixture == NULL) {
		fprintf(stderr, "test_query: cannot read %s/fixture.sql (run from the repository root)\n",
			CASE_DIR);
		exit(1);
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, test_schema_ddl(), NULL, NULL, &err) != SQLITE_OK ||
	    sqlite3_exec(db, fixture, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "test_query: database setup failed: %s\n", err ? err : "?");
		exit(1);
	}
	free(fixture);
}

/* The SELECT a store would run for a plan. */
static char *select_sql(const struct query_plan *p)
{
	size_t n = (p->where ? strlen(p->where) : 0) + strlen(p->order_by) + 128;
	char *s = malloc(n);
	snprintf(s, n, "SELECT t.\"id\" FROM \"app_1\" AS t%s%s ORDER BY %s LIMIT ? OFFSET ?",
		 p->where ? " WHERE " : "", p->where ? p->where : "", p->order_by);
	return s;
}

/*
 * Prepares (and with ids non-NULL runs) the plan. Returns NULL on success or an error
 * text (malloc'd).
 */
static char *run_plan(const struct query_plan *p, long long *ids, size_t *n_ids, size_t max_ids)
{
	char *sql = select_sql(p), *msg = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		msg = strdup(sqlite3_errmsg(db));
		goto out;
	}
	if ((size_t)sqlite3_bind_parameter_count(st) != p->n_params + 2) {
		msg = strdup("parameter count differs from the placeholders");
		goto out;
	}
	for (size_t i = 0; i < p->n_params; i++) {
		const struct query_param *q = &p->params[i];
		int k = (int)i + 1;
		if (q->kind == QP_TEXT)
			sqlite3_bind_text(st, k, q->text, -1, SQLITE_STATIC);
		else if (q->kind == QP_INT)
			sqlite3_bind_int64(st, k, q->i);
		else
			sqlite3_bind_double(st, k, q->d);
	}
	sqlite3_bind_int64(st, (int)p->n_params + 1, p->limit);
	sqlite3_bind_int64(st, (int)p->n_params + 2, p->offset);
	if (ids == NULL)
		goto out;
	*n_ids = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (*n_ids < max_ids)
			ids[(*n_ids)++] = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		msg = strdup(sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	free(sql);
	return msg;
}

/* ---- case files ---- */

struct tparam {
	enum query_param_kind kind;
	char *text;
	long long i;
	double d;
};

struct tcase {
	int line;			/* where the case starts */
	char *query;			/* the query bytes */
	size_t qlen;
	char *now, *user;		/* NULL: defaults; user "-" means no login user */
	unsigned flags;
	char *sql;			/* expected WHERE, or "NULL" */
	char *order;			/* expected ORDER BY, or NULL when not checked */
	bool has_limit, has_offset;
	long long limit, offset;
	struct tparam params[64];
	size_t n_params;
	char *error;			/* expected error enum name, or NULL */
	long error_pos;
	char *arg;			/* expected err argument, or NULL */
	bool has_ids;
	long long ids[64];
	size_t n_ids;
};

static const struct {
	const char *name;
	enum err_code code;
} codes[] = {
	{"E_QUERY", E_QUERY},
	{"E_QUERY_FIELD", E_QUERY_FIELD},
	{"E_QUERY_OPERATOR", E_QUERY_OPERATOR},
	{"E_QUERY_DAY", E_QUERY_DAY},
	{"E_QUERY_UNIT", E_QUERY_UNIT},
	{"E_QUERY_ARGS", E_QUERY_ARGS},
	{"E_QUERY_LIMITS", E_QUERY_LIMITS},
	{"E_LIMIT_TOO_LARGE", E_LIMIT_TOO_LARGE},
	{"E_OFFSET_TOO_LARGE", E_OFFSET_TOO_LARGE},
	{"E_INPUT", E_INPUT},
};

static const char *code_name(enum err_code c)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == c)
			return codes[i].name;
	return err_table(c)->kcode;
}

/* Decodes \t \n \r \\ \" and \xHH; returns the length. */
static size_t unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '\\' || p[1] == '\0') {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 'x': {
			char hex[3] = {p[1], p[1] ? p[2] : 0, 0};
			*o++ = (char)strtol(hex, NULL, 16);
			p += 2;
			break;
		}
		default: *o++ = *p; break;
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

static int parse_param(char *v, bool esc, struct tparam *p)
{
	if (strncmp(v, "text:", 5) == 0) {
		p->kind = QP_TEXT;
		p->text = v + 5;
		if (esc)
			unescape(p->text);
	} else if (strncmp(v, "int:", 4) == 0) {
		p->kind = QP_INT;
		p->i = strtoll(v + 4, NULL, 10);
	} else if (strncmp(v, "real:", 5) == 0) {
		p->kind = QP_REAL;
		p->d = strtod(v + 5, NULL);
	} else {
		return -1;
	}
	return 0;
}

/* Parses the file text (modified in place) into cases; returns the count or -1. */
static int parse_cases(char *text, const char *file, struct tcase **out)
{
	size_t n = 0, cap = 16;
	struct tcase *cs = calloc(cap, sizeof *cs), *c = NULL;
	int line = 0;
	char *save = text;
	while (save != NULL && *save != '\0') {
		char *l = save, *nl = strchr(l, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		line++;
		if (*l == '#' || *l == '\0')
			continue;
		char *colon = strchr(l, ':');
		if (colon == NULL)
			goto bad;
		*colon = '\0';
		char *key = l, *v = colon + 1;
		if (*v == ' ')
			v++;
		if (strcmp(key, "query") == 0 || strcmp(key, "query-esc") == 0) {
			if (n == cap)
				cs = realloc(cs, (cap *= 2) * sizeof *cs);
			c = &cs[n++];
			memset(c, 0, sizeof *c);
			c->line = line;
			c->query = v;
			c->qlen = key[5] ? unescape(v) : strlen(v);
			continue;
		}
		if (c == NULL)
			goto bad;
		if (strcmp(key, "sql") == 0) {
			c->sql = v;
		} else if (strcmp(key, "order") == 0) {
			c->order = v;
		} else if (strcmp(key, "limit") == 0) {
			c->has_limit = true;
			c->limit = strtoll(v, NULL, 10);
		} else if (strcmp(key, "offset") == 0) {
			c->has_offset = true;
			c->offset = strtoll(v, NULL, 10);
		} else if (strcmp(key, "param") == 0 || strcmp(key, "param-esc") == 0) {
			if (c->n_params == 64 || parse_param(v, key[5] != '\0', &c->params[c->n_params]))
				goto bad;
			c->n_params++;
		} else if (strcmp(key, "error") == 0) {
			char *sp = strchr(v, ' ');
			if (sp == NULL)
				goto bad;
			*sp = '\0';
			c->error = v;
			c->error_pos = strtol(sp + 1, NULL, 10);
		} else if (strcmp(key, "arg") == 0) {
			c->arg = v;
		} else if (strcmp(key, "now") == 0) {
			c->now = v;
		} else if (strcmp(key, "user") == 0) {
			c->user = v;
		} else if (strcmp(key, "flags") == 0) {
			if (strstr(v, "NO_LIMIT_OFFSET"))
				c->flags |= QUERY_NO_LIMIT_OFFSET;
			if (strstr(v, "NO_BOUNDS"))
				c->flags |= QUERY_NO_BOUNDS;
		} else if (strcmp(key, "ids") == 0) {
			c->has_ids = true;
			for (char *p = v; *p;) {
				char *end;
				long long id = strtoll(p, &end, 10);
				if (end == p)
					break;
				if (c->n_ids < 64)
					c->ids[c->n_ids++] = id;
				p = end;
			}
		} else {
			goto bad;
		}
	}
	*out = cs;
	return (int)n;
bad:
	fprintf(stderr, "%s:%d: bad case line\n", file, line);
	free(cs);
	return -1;
}

static void print_param(FILE *f, const char *label, enum query_param_kind k, const char *t,
			long long i, double d)
{
	if (k == QP_TEXT)
		fprintf(f, "    %s text:%s\n", label, t);
	else if (k == QP_INT)
		fprintf(f, "    %s int:%lld\n", label, i);
	else
		fprintf(f, "    %s real:%.17g\n", label, d);
}

/* Runs one case; returns 0 when it passes, else prints why and returns 1. */
static int run_case(const char *file, const struct tcase *c)
{
	struct arena a;
	struct err e;
	struct query_plan p;
	struct query_ctx ctx = {.login_user = DEFAULT_USER, .flags = c->flags};
	int fail = 0;
	char why[512] = "";
	arena_init(&a, 0);
	err_init(&e, &a);
	if (!time_parse_datetime(c->now ? c->now : DEFAULT_NOW, &ctx.now)) {
		snprintf(why, sizeof why, "bad now: %s", c->now);
		fail = 1;
		goto done;
	}
	if (c->user)
		ctx.login_user = strcmp(c->user, "-") == 0 ? NULL : c->user;
	int rc = query_compile(&a, c->query, c->qlen, test_schema(), &ctx, &p, &e);
	if (c->error != NULL) {
		char pos[32];
		snprintf(pos, sizeof pos, "%ld", c->error_pos);
		if (rc == 0) {
			snprintf(why, sizeof why, "expected %s at %ld, compiled: %s", c->error,
				 c->error_pos, p.where ? p.where : "NULL");
			fail = 1;
		} else if (strcmp(code_name(e.code), c->error) != 0 || e.pos != c->error_pos) {
			snprintf(why, sizeof why, "expected %s at %ld, got %s at %ld (arg \"%s\")",
				 c->error, c->error_pos, code_name(e.code), e.pos, e.arg);
			fail = 1;
		} else if (c->arg && strcmp(c->arg, e.arg) != 0) {
			snprintf(why, sizeof why, "expected arg \"%s\", got \"%s\"", c->arg, e.arg);
			fail = 1;
		} else if (e.code == E_QUERY || e.code == E_QUERY_LIMITS || e.code == E_INPUT) {
			/* These carry kintone's errors.query entry. */
			if (e.n_fields != 1 || strcmp(e.fields[0].key, "query") != 0) {
				snprintf(why, sizeof why, "expected one field error keyed \"query\"");
				fail = 1;
			} else if (e.code != E_INPUT && (e.fields[0].arg == NULL ||
							 strcmp(e.fields[0].arg, pos) != 0)) {
				snprintf(why, sizeof why, "field error should carry the offset %s", pos);
				fail = 1;
			}
		} else if (e.n_fields != 0) {
			snprintf(why, sizeof why, "unexpected field errors");
			fail = 1;
		}
		goto done;
	}
	if (rc != 0) {
		snprintf(why, sizeof why, "unexpected error %s at %ld (arg \"%s\")",
			 code_name(e.code), e.pos, e.arg);
		fail = 1;
		goto done;
	}
	const char *where = p.where ? p.where : "NULL";
	if (c->sql == NULL) {
		snprintf(why, sizeof why, "case has neither sql: nor error:");
		fail = 1;
	} else if (strcmp(c->sql, where) != 0) {
		fail = 1;
	} else if (c->order && strcmp(c->order, p.order_by) != 0) {
		fail = 1;
	} else if ((c->has_limit && c->limit != p.limit) ||
		   (c->has_offset && c->offset != p.offset)) {
		snprintf(why, sizeof why, "limit/offset: got %lld/%lld", (long long)p.limit,
			 (long long)p.offset);
		fail = 1;
	} else if (c->n_params != p.n_params) {
		fail = 1;
	} else {
		for (size_t i = 0; i < p.n_params && !fail; i++) {
			const struct tparam *x = &c->params[i];
			const struct query_param *y = &p.params[i];
			if (x->kind != y->kind ||
			    (x->kind == QP_TEXT && strcmp(x->text, y->text) != 0) ||
			    (x->kind == QP_INT && x->i != y->i) ||
			    (x->kind == QP_REAL && x->d != y->d))
				fail = 1;
		}
	}
	if (fail && why[0] == '\0') {
		fprintf(stderr, "%s:%d: FAIL\n  query: %.*s\n", file, c->line, (int)c->qlen, c->query);
		fprintf(stderr, "  expected sql: %s\n  got sql:      %s\n", c->sql, where);
		if (c->order)
			fprintf(stderr, "  expected order: %s\n  got order:      %s\n", c->order,
				p.order_by);
		for (size_t i = 0; i < c->n_params; i++)
			print_param(stderr, "expected", c->params[i].kind, c->params[i].text,
				    c->params[i].i, c->params[i].d);
		for (size_t i = 0; i < p.n_params; i++)
			print_param(stderr, "got     ", p.params[i].kind, p.params[i].text,
				    p.params[i].i, p.params[i].d);
		goto out;
	}
	if (fail)
		goto done;
	/* Valid SQL for SQLite, and the expected rows when the case says which. */
	long long ids[256];
	size_t n_ids = 0;
	char *msg = run_plan(&p, c->has_ids ? ids : NULL, &n_ids, 256);
	if (msg != NULL) {
		snprintf(why, sizeof why, "SQLite refused it: %s", msg);
		free(msg);
		fail = 1;
	} else if (c->has_ids && (n_ids != c->n_ids ||
				  memcmp(ids, c->ids, n_ids * sizeof *ids) != 0)) {
		int o = snprintf(why, sizeof why, "ids: expected");
		for (size_t i = 0; i < c->n_ids; i++)
			o += snprintf(why + o, sizeof why - (size_t)o, " %lld", c->ids[i]);
		o += snprintf(why + o, sizeof why - (size_t)o, ", got");
		for (size_t i = 0; i < n_ids && o < (int)sizeof why - 24; i++)
			o += snprintf(why + o, sizeof why - (size_t)o, " %lld", ids[i]);
		fail = 1;
	}
done:
	if (fail)
		fprintf(stderr, "%s:%d: FAIL\n  query: %.*s\n  %s\n", file, c->line, (int)c->qlen,
			c->query, why);
out:
	arena_destroy(&a);
	return fail;
}

static void run_file(void **state)
{
	const char *path = *state;
	char *text = slurp(path, NULL);
	struct tcase *cs = NULL;
	assert_non_null(text);
	int n = parse_cases(text, path, &cs);
	assert_true(n > 0);
	int failed = 0;
	for (int i = 0; i < n; i++)
		failed += run_case(path, &cs[i]);
	n_cases_total += (size_t)n;
	free(cs);
	free(text);
	if (failed)
		fail_msg("%d of %d cases failed in %s", failed, n, path);
}

/* ---- generated tests ---- */

struct gen {
	char *p;
	size_t len, cap;
};

static void gput(struct gen *g, const char *s)
{
	size_t n = strlen(s);
	if (g->len + n + 1 > g->cap) {
		g->cap = (g->len + n + 1) * 2;
		g->p = realloc(g->p, g->cap);
	}
	memcpy(g->p + g->len, s, n + 1);
	g->len += n;
}

static struct query_ctx default_ctx(void)
{
	struct query_ctx ctx = {.login_user = DEFAULT_USER};
	time_parse_datetime(DEFAULT_NOW, &ctx.now);
	return ctx;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Compiles q; expects code (E_OK for success) at pos. Returns the time taken in ms. */
static double expect(const char *q, size_t len, enum err_code code, long pos)
{
	struct arena a;
	struct err e;
	struct query_plan p;
	struct query_ctx ctx = default_ctx();
	struct timespec t0;
	arena_init(&a, 0);
	err_init(&e, &a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = query_compile(&a, q, len, test_schema(), &ctx, &p, &e);
	double ms = ms_since(&t0);
	if (code == E_OK) {
		if (rc != 0)
			fail_msg("unexpected %s at %ld", code_name(e.code), e.pos);
		char *msg = run_plan(&p, NULL, NULL, 0);
		if (msg != NULL)
			fail_msg("SQLite refused the SQL: %s", msg);
	} else {
		assert_int_equal(rc, -1);
		if (e.code != code || e.pos != pos)
			fail_msg("expected %s at %ld, got %s at %ld", code_name(code), pos,
				 code_name(e.code), e.pos);
	}
	arena_destroy(&a);
	return ms;
}

static void test_sql_ident(void **state)
{
	struct arena a;
	arena_init(&a, 0);
	assert_string_equal(sql_ident(&a, "c_title"), "\"c_title\"");
	assert_string_equal(sql_ident(&a, "we\"ird"), "\"we\"\"ird\"");
	assert_string_equal(sql_ident(&a, "\"\""), "\"\"\"\"\"\"");
	assert_string_equal(sql_ident(&a, ""), "\"\"");
	assert_string_equal(sql_ident(&a, "明細"), "\"明細\"");
	arena_destroy(&a);
}

/* has_limit / has_offset say whether the query gave the clauses. */
static void test_plan_flags(void **state)
{
	static const struct {
		const char *q;
		bool has_limit, has_offset;
	} t[] = {
		{"", false, false},
		{"$id > 0", false, false},
		{"$id > 0 limit 100", true, false},
		{"offset 0", false, true},
		{"order by $id asc limit 0 offset 0", true, true},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct arena a;
		struct err e;
		struct query_plan p;
		struct query_ctx ctx = default_ctx();
		arena_init(&a, 0);
		err_init(&e, &a);
		assert_int_equal(query_compile(&a, t[i].q, strlen(t[i].q), test_schema(), &ctx, &p, &e), 0);
		assert_int_equal(p.has_limit, t[i].has_limit);
		assert_int_equal(p.has_offset, t[i].has_offset);
		assert_non_null(p.order_by);
		arena_destroy(&a);
	}
	/* A NULL query text with length 0 is the empty query. */
	struct arena a;
	struct err e;
	struct query_plan p;
	struct query_ctx ctx = default_ctx();
	arena_init(&a, 0);
	err_init(&e, &a);
	assert_int_equal(query_compile(&a, NULL, 0, test_schema(), &ctx, &p, &e), 0);
	assert_null(p.where);
	assert_string_equal(p.order_by, "t.\"id\" DESC");
	assert_int_equal(p.limit, QUERY_LIMIT_DEFAULT);
	arena_destroy(&a);
}

/* A long unknown field code is reported cut at a character boundary. */
static void test_error_arg(void **state)
{
	struct gen g = {0};
	struct arena a;
	struct err e;
	struct query_plan p;
	struct query_ctx ctx = default_ctx();
	for (int i = 0; i < 100; i++)
		gput(&g, "長");
	gput(&g, " = 1");
	arena_init(&a, 0);
	err_init(&e, &a);
	assert_int_equal(query_compile(&a, g.p, g.len, test_schema(), &ctx, &p, &e), -1);
	assert_int_equal(e.code, E_QUERY_FIELD);
	assert_int_equal(strlen(e.arg), 189);	/* 63 characters of 3 bytes */
	assert_memory_equal(e.arg, g.p, 189);
	arena_destroy(&a);
	free(g.p);
}

/* Terms joined by sep. */
static void chain(struct gen *g, size_t terms, const char *term, const char *sep)
{
	g->len = 0;
	gput(g, "");
	for (size_t i = 0; i < terms; i++) {
		if (i)
			gput(g, sep);
		gput(g, term);
	}
}

static void test_long_chains(void **state)
{
	struct gen g = {0};
	double ms;
	/* 10,000 terms do not fit in 64 KiB: refused by length before any parsing. */
	chain(&g, 10000, "title = \"x\"", " or ");
	assert_true(g.len > QUERY_MAX_BYTES);
	ms = expect(g.p, g.len, E_QUERY_LIMITS, QUERY_MAX_BYTES);
	assert_true(ms < (double)g.len / 1024.0);
	/* 7,000 short terms fit: refused at the 1001st condition. */
	chain(&g, 7000, "$id=1", " or ");
	assert_true(g.len <= QUERY_MAX_BYTES);
	ms = expect(g.p, g.len, E_QUERY_LIMITS, (long)(1000 * strlen("$id=1 or ")));
	assert_true(ms < (double)g.len / 1024.0);
	chain(&g, 6000, "$id=1", " and ");
	expect(g.p, g.len, E_QUERY_LIMITS, (long)(1000 * strlen("$id=1 and ")));
	/* Exactly the maximum compiles, and SQLite takes the SQL. */
	chain(&g, QUERY_MAX_TERMS, "amount = 1", " or ");
	expect(g.p, g.len, E_OK, 0);
	chain(&g, QUERY_MAX_TERMS, "品名 in (\"a\")", " and ");
	expect(g.p, g.len, E_OK, 0);
	chain(&g, QUERY_MAX_TERMS, "資料 not like \"a\"", " or ");
	expect(g.p, g.len, E_OK, 0);
	free(g.p);
}

static void test_deep_nesting(void **state)
{
	struct gen g = {0};
	double ms;
	/* 10,000 nested parentheses: refused at the 33rd, after reading 33 bytes. */
	for (int i = 0; i < 10000; i++)
		gput(&g, "(");
	gput(&g, "$id = 1");
	for (int i = 0; i < 10000; i++)
		gput(&g, ")");
	ms = expect(g.p, g.len, E_QUERY_LIMITS, QUERY_MAX_DEPTH);
	assert_true(ms < (double)g.len / 1024.0);
	/* Unbalanced: the bound still comes first. */
	ms = expect(g.p, 10000, E_QUERY_LIMITS, QUERY_MAX_DEPTH);
	/* Exactly the maximum depth compiles. */
	g.len = 0;
	gput(&g, "");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, "(");
	gput(&g, "$id = 1");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, ")");
	expect(g.p, g.len, E_OK, 0);
	/* Alternating and/or, each level one group deeper, written both ways round. */
	g.len = 0;
	gput(&g, "");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, i % 2 ? "資料 like \"a\" or (" : "品名 in (\"b\") and (");
	gput(&g, "amount = 1");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, ")");
	expect(g.p, g.len, E_OK, 0);
	/* In-list parentheses and function calls do not count as nesting. */
	g.len = 0;
	gput(&g, "");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, "(");
	gput(&g, "日付 = FROM_TODAY(1, DAYS) and status in (\"a\")");
	for (int i = 0; i < QUERY_MAX_DEPTH; i++)
		gput(&g, ")");
	expect(g.p, g.len, E_OK, 0);
	free(g.p);
}

static void test_size_bounds(void **state)
{
	struct gen g = {0};
	char num[32];
	/* Exactly QUERY_MAX_BYTES (padded with spaces) is fine; one more byte is not. */
	gput(&g, "$id > 0");
	while (g.len < QUERY_MAX_BYTES)
		gput(&g, " ");
	expect(g.p, g.len, E_OK, 0);
	gput(&g, " ");
	expect(g.p, g.len, E_QUERY_LIMITS, QUERY_MAX_BYTES);
	/* 1000 values in one list are fine; the 1001st is refused at its offset. */
	g.len = 0;
	gput(&g, "amount in (");
	long at = 0;
	for (int i = 0; i <= QUERY_MAX_IN; i++) {
		if (i == QUERY_MAX_IN) {
			gput(&g, ")");
			expect(g.p, g.len, E_OK, 0);
			g.len--;
			g.p[g.len] = '\0';
			gput(&g, ", ");
			at = (long)g.len;
		} else if (i) {
			gput(&g, ", ");
		}
		snprintf(num, sizeof num, "%d", i);
		gput(&g, num);
	}
	gput(&g, ")");
	expect(g.p, g.len, E_QUERY_LIMITS, at);
	/* More than QUERY_MAX_PARAMS values in all: refused at the condition that crosses. */
	g.len = 0;
	gput(&g, "");
	long cross = 0;
	for (int l = 0; l < 11; l++) {
		if (l)
			gput(&g, " or ");
		if (l == QUERY_MAX_PARAMS / QUERY_MAX_IN)
			cross = (long)g.len;
		gput(&g, "amount in (1");
		for (int i = 1; i < QUERY_MAX_IN; i++)
			gput(&g, ",1");
		gput(&g, ")");
	}
	expect(g.p, g.len, E_QUERY_LIMITS, cross);
	/* Eleven order by keys. */
	g.len = 0;
	gput(&g, "order by title");
	long key11 = 0;
	for (int i = 1; i < 11; i++) {
		gput(&g, ", ");
		if (i == QUERY_MAX_ORDER)
			key11 = (long)g.len;
		gput(&g, "amount asc");
	}
	expect(g.p, g.len, E_QUERY_LIMITS, key11);
	free(g.p);
}

/* Appends a complete binary tree of depth d over leaf lf, alternating and/or. */
static void bintree(struct gen *g, const char *lf, int d, bool alt)
{
	if (d == 0) {
		gput(g, lf);
		return;
	}
	gput(g, "(");
	bintree(g, lf, d - 1, !alt);
	gput(g, alt ? " or " : " and ");
	bintree(g, lf, d - 1, !alt);
	gput(g, ")");
}

/* Appends a Fibonacci-shaped tree: the two sides differ by one level everywhere. */
static void fibtree(struct gen *g, const char *lf, int d, bool alt)
{
	if (d <= 1) {
		gput(g, lf);
		return;
	}
	gput(g, "(");
	fibtree(g, lf, d - 2, !alt);
	gput(g, alt ? " or " : " and ");
	fibtree(g, lf, d - 1, !alt);
	gput(g, ")");
}

/* Prepares "SELECT ... WHERE <extra parens> where" with SQLite's depth limit at limit. */
static bool prepares(const char *where, int extra, int limit)
{
	size_t n = strlen(where) + 2 * (size_t)extra + 64;
	char *sql = malloc(n);
	int o = snprintf(sql, n, "SELECT t.\"id\" FROM \"app_1\" AS t WHERE ");
	for (int i = 0; i < extra; i++)
		sql[o++] = '(';
	o += snprintf(sql + o, n - (size_t)o, "%s", where);
	for (int i = 0; i < extra; i++)
		sql[o++] = ')';
	sql[o] = '\0';
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, limit);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_finalize(st);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 1000);
	free(sql);
	return rc == SQLITE_OK;
}

/*
 * The worst shapes the bounds allow, with the heaviest kinds of condition: each must
 * compile, parse in SQLite with an expression depth of at most 100 (SQLite allows
 * 1000), and leave room for at least 30 more parentheses on SQLite's parser stack
 * (so a store may wrap the WHERE in more SQL).
 */
static void test_sql_shapes(void **state)
{
	static const char *const leaves[] = {
		"amount = 1", "品名 in (\"a\")", "資料 like \"x\"", "check in (\"a\", \"\")",
		"日時 != THIS_MONTH()", "区分 not in (\"p\", \"\")",
	};
	struct gen g = {0};
	for (size_t L = 0; L < sizeof leaves / sizeof leaves[0]; L++) {
		const char *lf = leaves[L];
		for (int shape = 0; shape < 12; shape++) {
			g.len = 0;
			gput(&g, "");
			if (shape < 5) {
				/* 32 levels, each with w - 1 conditions beside the deeper group. */
				int w = 2 + shape * 7;
				for (int d = 0; d < QUERY_MAX_DEPTH; d++) {
					for (int k = 0; k < w - 1; k++) {
						gput(&g, lf);
						gput(&g, d % 2 ? " or " : " and ");
					}
					gput(&g, "(");
				}
				gput(&g, lf);
				for (int d = 0; d < QUERY_MAX_DEPTH; d++)
					gput(&g, ")");
			} else if (shape == 5) {
				/* The same, deeper group first. */
				for (int d = 0; d < QUERY_MAX_DEPTH; d++)
					gput(&g, "(");
				gput(&g, lf);
				for (int d = 0; d < QUERY_MAX_DEPTH; d++) {
					gput(&g, d % 2 ? " or " : " and ");
					gput(&g, lf);
					gput(&g, ")");
				}
			} else if (shape == 6) {
				chain(&g, QUERY_MAX_TERMS, lf, " or ");
			} else if (shape < 9) {
				bintree(&g, lf, shape == 7 ? 9 : 8, shape == 7);
			} else {
				fibtree(&g, lf, 11 + shape - 9, shape % 2);
			}
			if (g.len > QUERY_MAX_BYTES)
				continue;
			struct arena a;
			struct err e;
			struct query_plan p;
			struct query_ctx ctx = default_ctx();
			arena_init(&a, 0);
			err_init(&e, &a);
			if (query_compile(&a, g.p, g.len, test_schema(), &ctx, &p, &e) != 0)
				fail_msg("shape %d leaf %zu: %s at %ld", shape, L, code_name(e.code), e.pos);
			if (!prepares(p.where, 0, 100))
				fail_msg("shape %d leaf %zu: SQLite refused it at depth 100: %s", shape, L,
					 sqlite3_errmsg(db));
			if (!prepares(p.where, 30, 1000))
				fail_msg("shape %d leaf %zu: less than 30 parentheses to spare: %s", shape,
					 L, sqlite3_errmsg(db));
			arena_destroy(&a);
		}
	}
	free(g.p);
}

/* Case files, sorted by name. */
static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(void)
{
	if (!time_set_zone("Asia/Tokyo")) {
		fprintf(stderr, "test_query: time zone Asia/Tokyo is not installed\n");
		return 1;
	}
	open_db();
	char *paths[128];
	size_t n_paths = 0;
	DIR *d = opendir(CASE_DIR);
	if (d == NULL) {
		fprintf(stderr, "test_query: cannot open %s (run from the repository root)\n",
			CASE_DIR);
		return 1;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n_paths < 128) {
		size_t n = strlen(de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".case") == 0) {
			paths[n_paths] = malloc(sizeof CASE_DIR + n + 1);
			snprintf(paths[n_paths], sizeof CASE_DIR + n + 1, "%s/%s", CASE_DIR, de->d_name);
			n_paths++;
		}
	}
	closedir(d);
	qsort(paths, n_paths, sizeof *paths, name_cmp);
	struct CMUnitTest tests[128 + 7];
	size_t n = 0;
	for (size_t i = 0; i < n_paths; i++)
		tests[n++] = (struct CMUnitTest){.name = paths[i], .test_func = run_file,
						 .initial_state = paths[i]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_sql_ident);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_plan_flags);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_error_arg);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_long_chains);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_deep_nesting);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_size_bounds);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_sql_shapes);
	int rc = _cmocka_run_group_tests("query", tests, n, NULL, NULL);
	printf("query: %zu cases from %zu files\n", n_cases_total, n_paths);
	for (size_t i = 0; i < n_paths; i++)
		free(paths[i]);
	sqlite3_close(db);
	return rc;
}
