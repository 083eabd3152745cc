/*
 * query_int: the query compiler's private types, shared by its stages.
 *
 * The compiler runs in four stages, each in its own file:
 *   lexer.c    bytes -> tokens (whitespace, strings and their escapes, words, operators)
 *   parser.c   tokens -> syntax tree (struct qast), enforcing every size bound
 *   resolve.c  each condition of the tree -> an SQL fragment with its parameters,
 *              after checking the field and the operator against the schema (the
 *              table of operators per field type in optable.c); the fragments are
 *              written by cond.c and cond_date.c with leaf.c's helpers, values are
 *              converted by values.c and date functions evaluated by dates.c
 *   emit.c     the and/or tree of fragments -> one WHERE expression shaped to stay well
 *              inside SQLite's parser stack and expression-depth limits; ORDER BY list
 * compile.c drives them. Everything is allocated from the caller's arena.
 * Nothing here is part of the public interface (see query.h).
 */
#ifndef DAICHO_QUERY_QUERY_INT_H
#define DAICHO_QUERY_QUERY_INT_H

#include "core/timeutil.h"
#include "query/query.h"

/* ---- string building (sb.c) ---- */

/* A growable string in an arena; the abandoned copies stay in the arena until it dies. */
struct qsb {
	struct arena *a;	/* where the bytes live */
	char *p;		/* bytes, NUL-terminated when len > 0 */
	size_t len;		/* bytes used */
	size_t cap;		/* bytes allocated */
};

void qsb_init(struct qsb *b, struct arena *a);
void qsb_put(struct qsb *b, const char *s, size_t n);
void qsb_puts(struct qsb *b, const char *s);
/* Appends id as a double-quoted SQL identifier (embedded quotes doubled). */
void qsb_ident(struct qsb *b, const char *id);
/* The string built so far ("" when empty); stays valid, owned by the arena. */
const char *qsb_str(struct qsb *b);

/* ---- tokens (lexer.c) ---- */

enum qtok_kind {
	QT_EOF,		/* end of input */
	QT_WORD,	/* a run of characters other than whitespace and ()=!<>," */
	QT_STRING,	/* a double-quoted string, escapes decoded */
	QT_LPAREN,
	QT_RPAREN,
	QT_COMMA,
	QT_OP,		/* = != < > <= >= */
};

enum qop {
	QOP_EQ, QOP_NE, QOP_LT, QOP_GT, QOP_LE, QOP_GE,
	QOP_IN, QOP_NOT_IN, QOP_LIKE, QOP_NOT_LIKE, QOP_EMPTY, QOP_NOT_EMPTY,
	QOP__COUNT
};

struct qtok {
	enum qtok_kind kind;
	const char *text;	/* QT_WORD: points into the query; QT_STRING: decoded, arena */
	size_t len;		/* bytes of text */
	enum qop op;		/* QT_OP: which comparison */
	long pos;		/* byte offset of the token's first byte */
};

struct qlexer {
	struct arena *a;	/* for decoded strings */
	const char *q;		/* the query text */
	size_t len;		/* its length */
	size_t off;		/* next byte to read */
};

void query_lex_init(struct qlexer *lx, struct arena *a, const char *q, size_t len);
/* Reads the next token into *t; returns 0, or -1 with a syntax error in e. */
int query_lex_next(struct qlexer *lx, struct qtok *t, struct err *e);

/* ---- syntax tree (parser.c) ---- */

enum qfunc {
	QF_NONE,
	QF_LOGINUSER, QF_PRIMARY_ORGANIZATION, QF_NOW,
	QF_TODAY, QF_YESTERDAY, QF_TOMORROW, QF_FROM_TODAY,
	QF_THIS_WEEK, QF_LAST_WEEK, QF_NEXT_WEEK,
	QF_THIS_MONTH, QF_LAST_MONTH, QF_NEXT_MONTH,
	QF_THIS_YEAR, QF_LAST_YEAR, QF_NEXT_YEAR,
	QF__COUNT
};

enum qval_kind { QV_STRING, QV_NUMBER, QV_FUNC };

/* A function argument: a bare word such as 5, -1, DAYS, MONDAY or LAST. */
struct qarg {
	const char *text;	/* NUL-terminated copy */
	long pos;		/* byte offset */
};

/* One value on the right of an operator. */
struct qval {
	enum qval_kind kind;
	const char *text;	/* string contents, number text, or the function name */
	long pos;		/* byte offset of the value (the function name for calls) */
	enum qfunc func;	/* QV_FUNC: which function */
	struct qarg args[2];	/* QV_FUNC: the first two arguments */
	size_t n_args;		/* QV_FUNC: how many arguments were given (may exceed 2) */
};

enum qnode_kind { QN_COND, QN_AND, QN_OR };

struct qnode {
	enum qnode_kind kind;
	/* QN_AND, QN_OR: two or more children, none of the same kind (flattened). */
	struct qnode **kids;
	size_t n_kids;
	/* QN_COND: field op value(s). */
	const char *field;	/* field code as written */
	long field_pos;		/* its byte offset */
	enum qop op;		/* the operator */
	long op_pos;		/* byte offset of the operator's first word or symbol */
	struct qval *vals;	/* one value, or the in-list; none for like-less is empty */
	size_t n_vals;
	/* Filled by resolve (QN_COND only). */
	const char *sql;		/* self-delimiting SQL boolean fragment */
	struct query_param *params;	/* its parameters, in order */
	size_t n_params;
	int exists;			/* nesting of EXISTS subqueries in sql (0..2) */
	/* Filled by emit: estimated parser-stack use and expression height. */
	int need, height;
};

struct qorder {
	const char *field;	/* field code */
	long pos;		/* its byte offset */
	bool asc;		/* direction (omitted = desc) */
};

struct qast {
	struct qnode *where;	/* NULL when the query has no condition */
	struct qorder order[QUERY_MAX_ORDER];
	size_t n_order;
	bool has_limit, has_offset;
	int64_t limit, offset;
};

/*
 * Parses q[0..len) (valid UTF-8, len <= QUERY_MAX_BYTES) into *out, checking syntax,
 * nesting depth, term and in-list counts, and the limit/offset clauses under flags.
 * Tree nodes are arena-owned. Returns 0, or -1 with e filled and e->pos set.
 */
int query_parse(struct arena *a, const char *q, size_t len, unsigned flags,
		struct qast *out, struct err *e);

/* ---- operators per field type (optable.c) ---- */

/* Operator classes. */
enum {
	QOPS_EQ = 1,		/* = != */
	QOPS_ORD = 2,		/* < > <= >= */
	QOPS_IN = 4,		/* in, not in */
	QOPS_LIKE = 8,		/* like, not like */
	QOPS_EMPTY = 16,	/* is empty, is not empty */
};
/* Function classes. */
enum {
	QFNS_USER = 1,		/* LOGINUSER() */
	QFNS_DATE = 2,		/* TODAY() ... NEXT_YEAR() */
	QFNS_NOW = 4,		/* NOW() */
};

/* The operator classes allowed for a field type (inner: the field is in a SUBTABLE). */
unsigned query_type_ops(enum field_type t, bool inner);
/* The function classes allowed for a field type. */
unsigned query_type_funcs(enum field_type t);
/* The class of an operator (one QOPS_ bit), and of a function (one QFNS_ bit or 0). */
unsigned query_op_class(enum qop op);
unsigned query_func_class(enum qfunc f);
/* True when a field type may be an order by key. */
bool query_type_sortable(enum field_type t);
/* A function's canonical name ("FROM_TODAY"), and its number from a name (any case). */
const char *query_func_name(enum qfunc f);
enum qfunc query_func_lookup(const char *name, size_t len);

/* ---- date functions (dates.c) ---- */

/* A period of local calendar days, both ends included. */
struct qperiod {
	struct ymd start, end;
};

/*
 * The period a date function denotes at instant now in the process time zone.
 * v must be a QV_FUNC other than LOGINUSER, PRIMARY_ORGANIZATION and NOW.
 * Errors: E_QUERY_ARGS (argument count, at the name), E_QUERY_UNIT (FROM_TODAY unit),
 * E_QUERY_DAY (weekday or day of month), E_QUERY (FROM_TODAY count not an integer,
 * or a date outside years 1..9999), each at the offending token.
 */
int query_func_period(const struct qval *v, time_t now, struct qperiod *out, struct err *e);

/* ---- literal values (values.c) ---- */

/* Parses an integer value ($id, $revision, RECORD_NUMBER with optional "APPCODE-"). */
bool query_value_int(const char *text, const char *app_code, int64_t *out);
/* Parses a NUMBER value into an INTEGER or REAL parameter. */
bool query_value_number(const char *text, struct query_param *out);
/* Escapes %, _ and \ with \ and wraps the result in % for LIKE ... ESCAPE '\'. */
const char *query_like_pattern(struct arena *a, const char *text);

/* ---- errors (compile.c) ---- */

/* E_QUERY with field error "query" (FM_QUERY, the offset); returns -1. */
int query_err_syntax(struct err *e, long pos);
/* E_QUERY_LIMITS with field error "query" (FM_QUERY_LIMITS, the offset); returns -1. */
int query_err_limits(struct err *e, long pos);
/* Any other code with its message argument and position; returns -1. */
int query_err(struct err *e, enum err_code code, long pos, const char *arg);

/* ---- conditions to SQL (resolve.c, leaf.c, cond.c, cond_date.c) ---- */

struct qresolve {
	struct arena *a;
	const struct schema *s;
	const struct query_ctx *ctx;
	size_t n_params;	/* parameters so far, against QUERY_MAX_PARAMS */
	const struct field_def **used;	/* top-level fields met, once each */
	size_t n_used, cap_used;
};

/* Checks and compiles every condition of the tree, in text order. */
int query_resolve(struct qresolve *r, struct qnode *n, struct err *e);
/* Compiles the order by keys into out->order_by (with the id tie-breaker). */
int query_resolve_order(struct qresolve *r, const struct qast *ast, struct query_plan *out,
			struct err *e);

/* What a condition or sort key refers to. */
struct qtarget {
	const char *code;	/* field code */
	enum field_type type;	/* its type (FT_ID / FT_REVISION for $id / $revision) */
	const char *column;	/* column in its table */
	const char *table;	/* inner fields: the SUBTABLE's child table, else NULL */
};

/*
 * One condition being compiled into a self-delimiting SQL fragment (it binds tighter
 * than AND and OR) plus its parameters, all in the arena r->a.
 */
struct qleaf {
	struct qresolve *r;
	struct qnode *n;		/* the condition (op already positive inside a SUBTABLE) */
	struct qtarget tg;		/* its field */
	struct qsb sql;			/* the fragment */
	struct query_param *params;	/* its parameters */
	size_t n_params, cap;
	const char *col;		/* the column reference, e.g. t."c_title" or s."c_price_n" */
	int exists;			/* EXISTS nesting in the fragment */
};

/* Fragment writing (leaf.c). */
void qleaf_put(struct qleaf *l, const char *s);
void qleaf_param(struct qleaf *l, struct query_param p);
void qleaf_text(struct qleaf *l, const char *v);
/* Writes the column, then op (containing one ?), and binds the text v. */
void qleaf_col_op(struct qleaf *l, const char *op, const char *v);
/* Opens "(<column> IS NULL OR "; the caller closes the parenthesis. */
void qleaf_null_or(struct qleaf *l);
/* Writes "(?, ?, ...)" for n parameters. */
void qleaf_qlist(struct qleaf *l, size_t n);
/* The text of value v; for LOGINUSER() the caller's code, or NULL when there is none. */
const char *qleaf_value_text(const struct qleaf *l, const struct qval *v);

/*
 * The condition compilers, one per kind of field (cond.c, cond_date.c). Each writes
 * l->sql and l->params for l->n, whose field, operator and functions resolve.c has
 * already checked. Value errors: E_QUERY at the value (not a number, date or time; ""
 * with < > <= >=); the date functions' own errors (dates.c).
 */
int query_cond_text(struct qleaf *l, struct err *e);	/* text, RADIO, DROP_DOWN, CREATOR... */
int query_cond_id(struct qleaf *l, struct err *e);	/* $id, $revision, RECORD_NUMBER */
int query_cond_number(struct qleaf *l, struct err *e);
int query_cond_list(struct qleaf *l, struct err *e);	/* CHECK_BOX, MULTI_SELECT, USER_SELECT */
int query_cond_file(struct qleaf *l, struct err *e);
int query_cond_date(struct qleaf *l, struct err *e);	/* DATE and the DATETIMEs */
int query_cond_time(struct qleaf *l, struct err *e);

/* ---- the WHERE expression (emit.c) ---- */

/* Orders, groups and joins the resolved tree into out->where and out->params. */
int query_emit_where(struct arena *a, struct qnode *root, struct query_plan *out,
		     struct err *e);

#endif
