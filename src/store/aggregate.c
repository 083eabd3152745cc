/*
 * aggregate: counts and sums of an app's records grouped by one field, for graphs.
 * The grouping and value expressions come from the schema only; the filter is the
 * query compiler's WHERE with its bound parameters.
 */
#include "store/records.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "core/buf.h"

#include <string.h>

int store_records_aggregate(struct store *st, struct arena *a, const struct schema *s,
			    const struct agg_spec *spec, struct agg_row **rows, size_t *n,
			    struct err *e)
{
	const struct field_def *g = spec->group, *v = spec->value;
	struct buf sql;
	buf_init(&sql, 0);
	/* Sealed apps (class I) read every value through dc_plain (store/sealing.c). */
	char *col = sqlite3_mprintf(s->sealed ? "dc_plain(t.\"%w\")" : "t.\"%w\"",
				    g->column ? g->column : "");
	const char *gexpr = col;
	char *tmp = NULL;
	bool list = field_type_is_list(g->type);
	int len = spec->period == AGG_YEAR ? 4 : spec->period == AGG_MONTH ? 7
		: spec->period == AGG_DAY ? 10 : 0;
	switch (g->type) {
	case FT_CREATOR: gexpr = "t.creator"; break;
	case FT_MODIFIER: gexpr = "t.modifier"; break;
	case FT_CREATED_TIME:
	case FT_UPDATED_TIME:
	case FT_DATETIME:
		tmp = sqlite3_mprintf("substr(datetime(%s, '%+d seconds'), 1, %d)",
				      g->type == FT_CREATED_TIME ? "t.created_at"
				      : g->type == FT_UPDATED_TIME ? "t.updated_at" : col,
				      spec->utc_offset, len ? len : 10);
		gexpr = tmp;
		break;
	case FT_DATE:
		tmp = sqlite3_mprintf("substr(%s, 1, %d)", col, len ? len : 10);
		gexpr = tmp;
		break;
	default:
		if (list)
			gexpr = "j.value";
	}
	const char *fn = spec->func == AGG_SUM ? "sum" : spec->func == AGG_AVG ? "avg"
		       : spec->func == AGG_MIN ? "min" : spec->func == AGG_MAX ? "max" : NULL;
	char *val = !fn || !v ? NULL : s->sealed
		  ? sqlite3_mprintf("%s(CAST(nullif(dc_plain(t.\"%w\"), '') AS NUMERIC))", fn, v->column)
		  : sqlite3_mprintf("%s(t.\"%w_n\")", fn, v->column);
	char *from = sqlite3_mprintf(" FROM \"%w\" AS t%s", s->table, "");
	buf_printf(&sql, "SELECT %s AS g, count(*), %s", gexpr, val ? val : "NULL");
	buf_puts(&sql, from);
	if (list) {
		char *each = sqlite3_mprintf(", json_each(%s) AS j", col);
		buf_puts(&sql, each);
		sqlite3_free(each);
	}
	if (spec->where)
		buf_printf(&sql, " WHERE %s", spec->where);
	buf_puts(&sql, " GROUP BY g ORDER BY ");
	if (g->type == FT_NUMBER && s->sealed)
		buf_printf(&sql, "min(CAST(nullif(g, '') AS NUMERIC))");
	else if (g->type == FT_NUMBER)
		buf_printf(&sql, "min(t.\"%s_n\")", g->column);
	else
		buf_puts(&sql, "g");
	buf_puts(&sql, " LIMIT 1000");
	sqlite3_free(col);
	sqlite3_free(tmp);
	sqlite3_free(val);
	sqlite3_free(from);
	sqlite3_stmt *q = db_prepare(st, buf_str(&sql), e);
	buf_free(&sql);
	if (q == NULL)
		return -1;
	for (size_t i = 0; i < spec->n_params; i++) {
		const struct query_param *p = &spec->params[i];
		int at = (int)i + 1;
		if (p->kind == QP_TEXT)
			sqlite3_bind_text(q, at, p->text, -1, SQLITE_STATIC);
		else if (p->kind == QP_INT)
			sqlite3_bind_int64(q, at, p->i);
		else
			sqlite3_bind_double(q, at, p->d);
	}
	size_t cap = 0;
	int rc;
	*rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*rows = arena_room(a, *rows, *n, &cap, sizeof **rows);
		struct agg_row *r = &(*rows)[(*n)++];
		r->key = db_col_text(a, q, 0);
		r->count = sqlite3_column_int64(q, 1);
		r->has_value = sqlite3_column_type(q, 2) != SQLITE_NULL;
		r->value = sqlite3_column_double(q, 2);
	}
	db_done(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
