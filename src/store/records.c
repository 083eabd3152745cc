/* store/records: record tables in SQLite (see records.h). */
#include "store/records.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/strutil.h"
#include "store/sealing.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Appends the SQL expression that reads field f (alias al) in the API's form; in a sealed
 * app every value column is read through dc_plain() (store/sealing.c).
 */
static void cell_expr(struct buf *b, const struct field_def *f, const char *al, bool sealed)
{
	char *c = sqlite3_mprintf(sealed ? "dc_plain(%s.\"%w\")" : "%s.\"%w\"", al,
				  f->column ? f->column : "");
	switch (f->type) {
	case FT_RECORD_NUMBER:
		buf_printf(b, "%s.id", al);
		break;
	case FT_CREATOR:
	case FT_MODIFIER:	/* the code; user_json() makes {code, name} from it */
		buf_printf(b, "%s.%s", al, f->type == FT_CREATOR ? "creator" : "modifier");
		break;
	case FT_CREATED_TIME:
		buf_printf(b, "%s.created_at", al);
		break;
	case FT_UPDATED_TIME:
		buf_printf(b, "%s.updated_at", al);
		break;
	case FT_USER_SELECT:
		buf_printf(b, "(SELECT json_group_array(json_object('code', j.value, 'name',"
			   " coalesce(u.name, j.value))) FROM json_each(%s) j LEFT JOIN users u"
			   " ON u.code = j.value)", c);
		break;
	case FT_FILE:
		buf_printf(b, "(SELECT json_group_array(json_object('contentType', fl.content_type,"
			   " 'fileKey', fl.key, 'name', dc_plain(fl.name), 'size', CAST(fl.size AS TEXT)))"
			   " FROM json_each(%s) j JOIN files fl ON fl.key = j.value)", c);
		break;
	default:
		buf_puts(b, c);
	}
	sqlite3_free(c);
}

static void bind_params(sqlite3_stmt *s, const struct query_param *p, size_t n, int first)
{
	for (size_t i = 0; i < n; i++) {
		int at = first + (int)i;
		switch (p[i].kind) {
		case QP_TEXT: sqlite3_bind_text(s, at, p[i].text, -1, SQLITE_STATIC); break;
		case QP_INT: sqlite3_bind_int64(s, at, p[i].i); break;
		case QP_REAL: sqlite3_bind_double(s, at, p[i].d); break;
		}
	}
}

static bool wanted(const bool *mask, size_t i)
{
	return mask == NULL || mask[i];
}

/* Reads the rows of every SUBTABLE in mask for the given records. */
static int load_subtables(struct store *st, struct arena *a, const struct schema *s,
			  const bool *mask, struct rec_row *rows, size_t n, struct err *e)
{
	if (n == 0)
		return 0;
	struct buf ids;
	buf_init(&ids, 0);
	buf_putc(&ids, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&ids, ',');
		buf_int(&ids, rows[i].id);
	}
	buf_putc(&ids, ']');
	int rc = 0;
	for (size_t ti = 0; ti < s->n_fields && rc == 0; ti++) {
		const struct field_def *t = &s->fields[ti];
		if (t->type != FT_SUBTABLE || !wanted(mask, ti))
			continue;
		struct buf sql;
		buf_init(&sql, 0);
		buf_puts(&sql, "SELECT s.id, s.record_id");
		for (size_t k = 0; k < s->n_fields; k++) {
			if (s->fields[k].parent != (int)ti)
				continue;
			buf_puts(&sql, ", ");
			cell_expr(&sql, &s->fields[k], "s", s->sealed);
		}
		char *from = sqlite3_mprintf(" FROM \"%w\" AS s WHERE s.record_id IN"
					     " (SELECT value FROM json_each(?)) ORDER BY s.record_id,"
					     " s.pos", t->table);
		buf_puts(&sql, from);
		sqlite3_free(from);
		sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
		buf_free(&sql);
		if (q == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_text(q, 1, buf_str(&ids), (int)ids.len, SQLITE_STATIC);
		size_t r = 0;	/* child rows come grouped by record: search when it changes */
		int step;
		while ((step = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t rid = sqlite3_column_int64(q, 1);
			if (r >= n || rows[r].id != rid)
				for (r = 0; r < n && rows[r].id != rid; r++)
					;
			if (r >= n)
				continue;
			struct rec_row *row = &rows[r];
			size_t m = row->n_subs[ti];
			if ((m & (m - 1)) == 0) {	/* grow at powers of two */
				size_t cap = m ? m * 2 : 1;
				row->subs[ti] = arena_grow(a, row->subs[ti], m, cap, sizeof **row->subs);
			}
			struct sub_row *sr = &row->subs[ti][m];
			sr->id = sqlite3_column_int64(q, 0);
			sr->cells = arena_alloc(a, s->n_fields * sizeof *sr->cells);
			int col = 2;
			for (size_t k = 0; k < s->n_fields; k++)
				if (s->fields[k].parent == (int)ti)
					sr->cells[k] = db_col_text(a, q, col++);
			row->n_subs[ti] = m + 1;
		}
		db_done(q);
		if (step != SQLITE_DONE)
			rc = db_fail(st, step, e);
	}
	buf_free(&ids);
	return rc;
}

/*
 * Generated SQL that only depends on the form (a table at one revision) and the field
 * mask, made once per thread and kept: the SELECT head of reads and the INSERT.
 */
enum { SQL_SLOTS = 32 };
enum sql_kind { SQL_HEAD, SQL_INSERT };

struct sql_slot {
	char table[48];		/* app table ("" for a free slot) */
	int64_t revision;	/* form revision */
	uint64_t mask_hash;	/* hash of the field mask (0: every field) */
	bool sealed;		/* made for a sealed app (values read through dc_plain) */
	enum sql_kind kind;
	char *sql;		/* owned */
	unsigned long used;
};

static __thread struct sql_slot sqls[SQL_SLOTS];
static __thread unsigned long sql_tick;

static void forget_sql(void)
{
	for (int i = 0; i < SQL_SLOTS; i++) {
		free(sqls[i].sql);
		memset(&sqls[i], 0, sizeof sqls[i]);
	}
}

static uint64_t mask_hash(const struct schema *s, const bool *mask)
{
	uint64_t h = 0;
	if (mask == NULL)
		return 0;
	for (size_t i = 0; i < s->n_fields + 2; i++)
		h = (h ^ (mask[i] ? 2 : 1)) * 1099511628211ULL;
	return h | 1;
}

/* The cached SQL of a kind, made by build on first use. */
static const char *cached_sql(const struct schema *s, const bool *mask, enum sql_kind kind,
			      void (*build)(struct buf *, const struct schema *, const bool *))
{
	uint64_t mh = mask_hash(s, mask);
	struct sql_slot *victim = &sqls[0];
	sql_tick++;
	for (int i = 0; i < SQL_SLOTS; i++) {
		struct sql_slot *x = &sqls[i];
		if (x->sql && x->kind == kind && x->revision == s->revision && x->mask_hash == mh &&
		    x->sealed == s->sealed &&
		    strcmp(x->table, s->table) == 0) {
			x->used = sql_tick;
			return x->sql;
		}
		if (x->used < victim->used)
			victim = x;
	}
	struct buf b;
	buf_init(&b, 0);
	build(&b, s, mask);
	free(victim->sql);
	str_copy(victim->table, s->table, sizeof victim->table);
	victim->revision = s->revision;
	victim->mask_hash = mh;
	victim->sealed = s->sealed;
	victim->kind = kind;
	victim->sql = buf_take(&b, NULL);
	victim->used = sql_tick;
	return victim->sql;
}

/* Builds "SELECT t.id, t.revision, <cells> FROM table AS t". */
static void build_head(struct buf *sql, const struct schema *s, const bool *mask)
{
	buf_puts(sql, "SELECT t.id, t.revision");
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		if (f->parent >= 0 || f->type == FT_SUBTABLE || !wanted(mask, i))
			continue;
		buf_puts(sql, ", ");
		cell_expr(sql, f, "t", s->sealed);
	}
	char *from = sqlite3_mprintf(" FROM \"%w\" AS t", s->table);
	buf_puts(sql, from);
	sqlite3_free(from);
}

static void select_head(struct buf *sql, const struct schema *s, const bool *mask)
{
	buf_puts(sql, cached_sql(s, mask, SQL_HEAD, build_head));
}

/*
 * {"code":..,"name":..} of a user for CREATOR and MODIFIER cells, from a small cache per
 * thread (names are read again after a minute, so a renamed user shows up soon).
 */
enum { NAME_SLOTS = 64, NAME_TTL = 60 };

struct name_slot {
	char code[129];		/* login name ("" for a free slot) */
	char *json;		/* its {"code","name"} object (owned) */
	time_t at;		/* when it was read */
};

static __thread struct name_slot names[NAME_SLOTS];

static const char *user_json(struct store *st, struct arena *a, const char *code)
{
	time_t now = time(NULL);
	size_t h = 0;
	for (const char *p = code; *p; p++)
		h = h * 31 + (unsigned char)*p;
	struct name_slot *slot = &names[h % NAME_SLOTS];
	if (strcmp(slot->code, code) == 0 && slot->json && now - slot->at < NAME_TTL)
		return arena_strdup(a, slot->json);
	const char *name = store_user_name(st, a, code);
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "{\"code\":");
	json_quote(&b, code, strlen(code));
	buf_puts(&b, ",\"name\":");
	json_quote(&b, name ? name : code, strlen(name ? name : code));
	buf_putc(&b, '}');
	free(slot->json);
	slot->json = NULL;
	if (strlen(code) < sizeof slot->code) {
		str_copy(slot->code, code, sizeof slot->code);
		slot->json = buf_take(&b, NULL);
		slot->at = now;
		return arena_strdup(a, slot->json);
	}
	const char *out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

void db_forget_names(void)
{
	forget_sql();
	for (int i = 0; i < NAME_SLOTS; i++) {
		free(names[i].json);
		names[i].json = NULL;
		names[i].code[0] = '\0';
	}
}

/* Reads the rows of a prepared select into an arena array. */
static int collect(struct store *st, struct arena *a, const struct schema *s, const bool *mask,
		   sqlite3_stmt *q, struct rec_row **rows, size_t *n, struct err *e)
{
	size_t cap = 0;
	int step;
	*rows = NULL;
	*n = 0;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		*rows = arena_room(a, *rows, *n, &cap, sizeof **rows);
		struct rec_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(q, 0);
		r->revision = sqlite3_column_int64(q, 1);
		r->cells = arena_alloc(a, s->n_fields * sizeof *r->cells);
		r->subs = arena_alloc(a, s->n_fields * sizeof *r->subs);
		r->n_subs = arena_alloc(a, s->n_fields * sizeof *r->n_subs);
		int col = 2;
		for (size_t i = 0; i < s->n_fields; i++) {
			const struct field_def *f = &s->fields[i];
			if (f->parent >= 0 || f->type == FT_SUBTABLE || !wanted(mask, i))
				continue;
			if (f->type == FT_CREATOR || f->type == FT_MODIFIER) {
				const char *code = (const char *)sqlite3_column_text(q, col++);
				r->cells[i] = code ? user_json(st, a, code) : NULL;
				continue;
			}
			r->cells[i] = db_col_text(a, q, col++);
		}
	}
	db_done(q);
	if (step != SQLITE_DONE)
		return db_fail(st, step, e);
	return load_subtables(st, a, s, mask, *rows, *n, e);
}

int store_records_select(struct store *st, struct arena *a, const struct schema *s,
			 const struct rec_query *rq, const bool *mask, struct rec_row **rows,
			 size_t *n, struct err *e)
{
	struct buf sql;
	buf_init(&sql, 0);
	select_head(&sql, s, mask);
	if (rq->where)
		buf_printf(&sql, " WHERE %s", rq->where);
	buf_printf(&sql, " ORDER BY %s", rq->order_by ? rq->order_by : "t.id DESC");
	if (rq->limit >= 0)
		buf_puts(&sql, " LIMIT ? OFFSET ?");
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	bind_params(q, rq->params, rq->n_params, 1);
	if (rq->limit >= 0) {
		sqlite3_bind_int64(q, (int)rq->n_params + 1, rq->limit);
		sqlite3_bind_int64(q, (int)rq->n_params + 2, rq->offset);
	}
	return collect(st, a, s, mask, q, rows, n, e);
}

int store_records_count(struct store *st, const struct schema *s, const char *where,
			const struct query_param *params, size_t n_params, int64_t *count,
			struct err *e)
{
	struct buf sql;
	buf_init(&sql, 0);
	char *head = sqlite3_mprintf("SELECT count(*) FROM \"%w\" AS t", s->table);
	buf_puts(&sql, head);
	sqlite3_free(head);
	if (where)
		buf_printf(&sql, " WHERE %s", where);
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	bind_params(q, params, n_params, 1);
	int step = sqlite3_step(q);
	*count = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	db_done(q);
	return step == SQLITE_ROW ? 0 : db_fail(st, step, e);
}

int store_records_by_ids(struct store *st, struct arena *a, const struct schema *s,
			 const int64_t *ids, size_t n_ids, const bool *mask, struct rec_row **rows,
			 size_t *n, struct err *e)
{
	struct buf sql, list;
	buf_init(&sql, 0);
	buf_init(&list, 0);
	select_head(&sql, s, mask);
	if (n_ids == 1) {	/* the common case: one record, by its primary key */
		buf_puts(&sql, " WHERE t.id = ?");
		sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
		buf_free(&sql);
		buf_free(&list);
		if (q == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, ids[0]);
		return collect(st, a, s, mask, q, rows, n, e);
	}
	buf_puts(&sql, " JOIN json_each(?) AS k ON t.id = k.value ORDER BY k.key");
	buf_putc(&list, '[');
	for (size_t i = 0; i < n_ids; i++) {
		if (i)
			buf_putc(&list, ',');
		buf_int(&list, ids[i]);
	}
	buf_putc(&list, ']');
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL) {
		buf_free(&list);
		return -1;
	}
	sqlite3_bind_text(q, 1, buf_str(&list), (int)list.len, SQLITE_TRANSIENT);
	buf_free(&list);
	return collect(st, a, s, mask, q, rows, n, e);
}

int store_record_revision(struct store *st, const struct schema *s, int64_t id, int64_t *rev,
			  struct err *e)
{
	char *sql = sqlite3_mprintf("SELECT revision FROM \"%w\" WHERE id = ?", s->table);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		*rev = sqlite3_column_int64(q, 0);
	db_done(q);
	if (step == SQLITE_DONE)
		return err_set(e, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	return step == SQLITE_ROW ? 0 : db_fail(st, step, e);
}

/* Where the values being bound go: sealed apps seal them with the record's key. */
struct seal_to {
	struct store *st;
	int64_t app, record;	/* whose key */
	bool on;		/* the app is sealed */
};

/*
 * Binds the value of field f at parameter *at (two parameters for NUMBER). In a sealed
 * app a value that is not empty is bound as its sealed BLOB and NUMBER's numeric column
 * stays NULL. -1 (E_CRYPTO_KEYS) when it cannot be sealed.
 */
static int bind_value(sqlite3_stmt *q, int *at, const struct field_def *f, const struct fvalue *v,
		      const struct seal_to *to, struct err *e)
{
	const char *empty = field_type_is_list(f->type) ? "[]" : "";
	bool nullable = f->type == FT_RADIO_BUTTON || f->type == FT_DROP_DOWN ||
			f->type == FT_DATE || f->type == FT_TIME || f->type == FT_DATETIME;
	const char *text = v && v->set ? v->text : NULL;
	if (text == NULL && !nullable)
		text = empty;
	if (to->on && text != NULL && db_seal_worth(text, strlen(text))) {
		unsigned char *c;
		size_t cn;
		if (db_seal(to->st, to->app, to->record, text, strlen(text), &c, &cn, e) != 0)
			return -1;
		sqlite3_bind_blob(q, (*at)++, c, (int)cn, free);
	} else {
		db_bind_text(q, (*at)++, text);
	}
	if (f->type == FT_NUMBER) {
		if (to->on) {
			sqlite3_bind_null(q, *at);
		} else if (v && v->set && v->has_num) {
			double d = v->num;
			if (d >= -9e15 && d <= 9e15 && d == (double)(int64_t)d)
				sqlite3_bind_int64(q, *at, (int64_t)d);
			else
				sqlite3_bind_double(q, *at, d);
		} else {
			sqlite3_bind_null(q, *at);
		}
		(*at)++;
	}
	return 0;
}

/* Appends the column list entry for f ("col" and, for NUMBER, "col_n"). */
static void put_col(struct buf *b, const struct field_def *f, bool assign)
{
	char *c = sqlite3_mprintf(assign ? ", \"%w\" = ?" : ", \"%w\"", f->column);
	buf_puts(b, c);
	sqlite3_free(c);
	if (f->type == FT_NUMBER) {
		c = sqlite3_mprintf(assign ? ", \"%w_n\" = ?" : ", \"%w_n\"", f->column);
		buf_puts(b, c);
		sqlite3_free(c);
	}
}

static bool stored_column(const struct field_def *f)
{
	return f->column != NULL && f->type != FT_SUBTABLE && !field_type_is_system(f->type);
}

/* Inserts one SUBTABLE row. */
static int insert_row(struct store *st, const struct schema *s, size_t ti, int64_t record_id,
		      int64_t pos, const struct frow *r, bool sealed, struct err *e)
{
	struct buf sql;
	int ncols = 0;
	buf_init(&sql, 0);
	char *head = sqlite3_mprintf("INSERT INTO \"%w\"(record_id, pos", s->fields[ti].table);
	buf_puts(&sql, head);
	sqlite3_free(head);
	for (size_t k = 0; k < s->n_fields; k++)
		if (s->fields[k].parent == (int)ti) {
			put_col(&sql, &s->fields[k], false);
			ncols += s->fields[k].type == FT_NUMBER ? 2 : 1;
		}
	buf_puts(&sql, ") VALUES (?, ?");
	for (int i = 0; i < ncols; i++)
		buf_puts(&sql, ", ?");
	buf_putc(&sql, ')');
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, record_id);
	sqlite3_bind_int64(q, 2, pos);
	int at = 3;
	struct seal_to to = {st, s->app_id, record_id, sealed};
	for (size_t k = 0; k < s->n_fields; k++)
		if (s->fields[k].parent == (int)ti &&
		    bind_value(q, &at, &s->fields[k], r->vals ? &r->vals[k] : NULL, &to, e) != 0) {
			db_done(q);
			return -1;
		}
	return db_step_done(st, q, e);
}

/* Updates one existing SUBTABLE row: its position and the inner fields that are set. */
static int update_row(struct store *st, const struct schema *s, size_t ti, int64_t record_id,
		      int64_t pos, const struct frow *r, bool sealed, struct err *e)
{
	struct buf sql;
	buf_init(&sql, 0);
	char *head = sqlite3_mprintf("UPDATE \"%w\" SET pos = ?", s->fields[ti].table);
	buf_puts(&sql, head);
	sqlite3_free(head);
	for (size_t k = 0; k < s->n_fields; k++)
		if (s->fields[k].parent == (int)ti && r->vals && r->vals[k].set)
			put_col(&sql, &s->fields[k], true);
	buf_puts(&sql, " WHERE id = ?");
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, pos);
	int at = 2;
	struct seal_to to = {st, s->app_id, record_id, sealed};
	for (size_t k = 0; k < s->n_fields; k++)
		if (s->fields[k].parent == (int)ti && r->vals && r->vals[k].set &&
		    bind_value(q, &at, &s->fields[k], &r->vals[k], &to, e) != 0) {
			db_done(q);
			return -1;
		}
	sqlite3_bind_int64(q, at, r->id);
	return db_step_done(st, q, e);
}

int store_subtable_ids(struct store *st, struct arena *a, const struct field_def *f,
		       int64_t record_id, int64_t **ids, size_t *n, struct err *e)
{
	char *sql = sqlite3_mprintf("SELECT id FROM \"%w\" WHERE record_id = ? ORDER BY pos",
				    f->table);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, record_id);
	size_t cap = 0;
	int step;
	*ids = NULL;
	*n = 0;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		*ids = arena_room(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(q, 0);
	}
	db_done(q);
	return step == SQLITE_DONE ? 0 : db_fail(st, step, e);
}

/* Replaces the rows of SUBTABLE ti of a record with v's rows. */
static int write_rows(struct store *st, const struct schema *s, size_t ti, int64_t record_id,
		      const struct fvalue *v, bool existing, bool sealed, struct err *e)
{
	struct arena a;
	int64_t *old = NULL;
	size_t n_old = 0;
	int rc = 0;
	arena_init(&a, 0);
	if (existing && store_subtable_ids(st, &a, &s->fields[ti], record_id, &old, &n_old, e) != 0) {
		arena_destroy(&a);
		return -1;
	}
	bool *kept = arena_alloc(&a, (n_old + 1) * sizeof *kept);
	for (size_t r = 0; r < v->n_rows && rc == 0; r++) {
		const struct frow *row = &v->rows[r];
		size_t k = n_old;
		for (size_t j = 0; row->id > 0 && j < n_old; j++)
			if (old[j] == row->id && !kept[j])
				k = j;
		if (k < n_old) {
			kept[k] = true;
			rc = update_row(st, s, ti, record_id, (int64_t)r, row, sealed, e);
		} else {
			rc = insert_row(st, s, ti, record_id, (int64_t)r, row, sealed, e);
		}
	}
	for (size_t j = 0; j < n_old && rc == 0; j++) {
		if (kept[j])
			continue;
		char *sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE id = ?", s->fields[ti].table);
		sqlite3_stmt *q = db_prepare(st, sql, e);
		sqlite3_free(sql);
		if (q == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(q, 1, old[j]);
		rc = db_step_done(st, q, e);
	}
	arena_destroy(&a);
	return rc;
}

/* Builds the INSERT of a record: the system columns and every top-level column. */
static void build_insert(struct buf *sql, const struct schema *s, const bool *mask)
{
	int ncols = 0;
	(void)mask;
	char *head = sqlite3_mprintf("INSERT INTO \"%w\"(revision, creator, created_at, modifier,"
				     " updated_at", s->table);
	buf_puts(sql, head);
	sqlite3_free(head);
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].parent < 0 && stored_column(&s->fields[i])) {
			put_col(sql, &s->fields[i], false);
			ncols += s->fields[i].type == FT_NUMBER ? 2 : 1;
		}
	buf_puts(sql, ") VALUES (1, ?, ?, ?, ?");
	for (int i = 0; i < ncols; i++)
		buf_puts(sql, ", ?");
	buf_putc(sql, ')');
}

/*
 * The id the next INSERT into a record table will get (AUTOINCREMENT: one more than the
 * largest ever given). Sealed apps need it before the insert: the values are sealed with
 * the new record's key. Exact inside the write transaction.
 */
static int next_id(struct store *st, const struct schema *s, int64_t *id, struct err *e)
{
	char *sql = sqlite3_mprintf("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE"
				    " name = '%q'), 0), coalesce((SELECT max(id) FROM \"%w\"), 0)) + 1",
				    s->table, s->table);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	int rc = sqlite3_step(q);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	db_done(q);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_record_insert(struct store *st, const struct schema *s, const struct record_write *w,
			int64_t *id, struct err *e)
{
	int64_t want = 0;
	bool sealed;
	if (store_app_sealed(st, s->app_id, &sealed, e) != 0)
		return -1;
	if (sealed && (next_id(st, s, &want, e) != 0 || db_fresh_key(st, s->app_id, want, e) != 0))
		return -1;
	sqlite3_stmt *q = db_prepare(st, cached_sql(s, NULL, SQL_INSERT, build_insert), e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, w->creator);
	db_bind_text(q, 2, w->created_at);
	db_bind_text(q, 3, w->modifier);
	db_bind_text(q, 4, w->updated_at);
	int at = 5;
	struct seal_to to = {st, s->app_id, want, sealed};
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].parent < 0 && stored_column(&s->fields[i]) &&
		    bind_value(q, &at, &s->fields[i], &w->vals[i], &to, e) != 0) {
			db_done(q);
			return -1;
		}
	if (db_step_done(st, q, e) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	if (sealed && *id != want)	/* cannot happen inside the write transaction */
		return err_set(e, E_CRYPTO_KEYS, "%lld/%lld", (long long)s->app_id, (long long)*id);
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].type == FT_SUBTABLE && w->vals[i].set &&
		    write_rows(st, s, i, *id, &w->vals[i], false, sealed, e) != 0)
			return -1;
	return 0;
}

int store_record_update(struct store *st, const struct schema *s, int64_t id,
			const struct record_write *w, int64_t *rev, struct err *e)
{
	/* Whether to seal comes from the database, inside the write transaction: a context
	 * loaded just before the app changed class must not write plaintext into it. */
	bool sealed;
	if (store_app_sealed(st, s->app_id, &sealed, e) != 0)
		return -1;
	struct buf sql;
	buf_init(&sql, 0);
	char *head = sqlite3_mprintf("UPDATE \"%w\" SET revision = revision + 1, modifier = ?,"
				     " updated_at = ?", s->table);
	buf_puts(&sql, head);
	sqlite3_free(head);
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].parent < 0 && stored_column(&s->fields[i]) && w->vals[i].set)
			put_col(&sql, &s->fields[i], true);
	buf_puts(&sql, " WHERE id = ? RETURNING revision");
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, w->modifier);
	db_bind_text(q, 2, w->updated_at);
	int at = 3;
	struct seal_to to = {st, s->app_id, id, sealed};
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].parent < 0 && stored_column(&s->fields[i]) && w->vals[i].set &&
		    bind_value(q, &at, &s->fields[i], &w->vals[i], &to, e) != 0) {
			db_done(q);
			return -1;
		}
	sqlite3_bind_int64(q, at, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		*rev = sqlite3_column_int64(q, 0);
	db_done(q);
	if (step == SQLITE_DONE)
		return err_set(e, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	if (step != SQLITE_ROW)
		return db_fail(st, step, e);
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].type == FT_SUBTABLE && w->vals[i].set &&
		    write_rows(st, s, i, id, &w->vals[i], true, sealed, e) != 0)
			return -1;
	return 0;
}

int store_record_delete(struct store *st, const struct schema *s, int64_t id, struct err *e)
{
	char *sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE id = ?", s->table);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (db_step_done(st, q, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_set(e, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	static const char *const cleanup[] = {
		"DELETE FROM comments WHERE app_id = ? AND record_id = ?",
		"DELETE FROM files WHERE app_id = ? AND record_id = ?",
	};
	for (size_t i = 0; i < 2; i++) {
		q = db_prepare(st, cleanup[i], e);
		if (q == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, s->app_id);
		sqlite3_bind_int64(q, 2, id);
		if (db_step_done(st, q, e) != 0)
			return -1;
	}
	return 0;
}

int store_record_find(struct store *st, const struct schema *s, const struct field_def *f,
		      const char *v, int64_t except, int64_t *id, struct err *e)
{
	char *sql = sqlite3_mprintf(s->sealed ? "SELECT id FROM \"%w\" WHERE dc_plain(\"%w\") = ?"
				    " AND id != ? LIMIT 1" : "SELECT id FROM \"%w\" WHERE \"%w\" = ?"
				    " AND id != ? LIMIT 1", s->table, f->column);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, v);
	sqlite3_bind_int64(q, 2, except);
	int step = sqlite3_step(q);
	*id = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	db_done(q);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : db_fail(st, step, e);
}
