/*
 * history: every revision of a record, newest first (daicho's own
 * /api/record/history.json; kintone shows this only in its UI). The newest is the record
 * as it is now; the others were kept by record_write.c each time one was replaced, and a
 * deleted record ends with a "delete" entry.
 */
#include "http/handlers/handlers.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/params.h"
#include "store/misc.h"
#include "store/records.h"

#include <string.h>

static void entry(struct jsonw *w, int64_t rev, const char *action, const char *user_json,
		  const char *code, const char *name, const char *at)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "revision", rev);
	jsonw_kstr(w, "action", action);
	jsonw_key(w, "user");
	if (user_json) {
		jsonw_raw(w, user_json, strlen(user_json));
	} else {
		jsonw_obj(w);
		jsonw_kstr(w, "code", code);
		jsonw_kstr(w, "name", name);
		jsonw_obj_end(w);
	}
	jsonw_kstr(w, "at", at);
	jsonw_key(w, "record");
}

int h_history_get(struct req *r, struct res *s)
{
	int64_t id;
	struct history_row *rows;
	struct rec_row *cur;
	size_t n, n_cur;
	const struct schema *sc = r->app->schema;
	struct store *st = store_thread();
	if (param_id(r, r->params, "id", &id) != 0)
		return -1;
	if (store_records_by_ids(st, r->arena, sc, &id, 1, NULL, &cur, &n_cur, &r->err) != 0 ||
	    store_history_list(st, r->arena, r->app->id, id, &rows, &n, &r->err) != 0)
		return -1;
	if (n == 0 && n_cur == 0)
		return err_set(&r->err, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	audit_id(r, id);
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "history");
	jsonw_arr(&s->w);
	if (n_cur == 1) {
		const char *modifier = NULL, *at = NULL;
		for (size_t i = 0; i < sc->n_fields; i++) {
			if (sc->fields[i].type == FT_MODIFIER)
				modifier = cur->cells[i];
			if (sc->fields[i].type == FT_UPDATED_TIME)
				at = cur->cells[i];
		}
		entry(&s->w, cur->revision, cur->revision == 1 ? "add" : "update", modifier, "", "", at);
		record_out(&s->w, sc, cur, NULL);
		jsonw_obj_end(&s->w);
	}
	for (size_t i = 0; i < n; i++) {
		entry(&s->w, rows[i].revision, rows[i].action, NULL, rows[i].user_code, rows[i].user_name,
		      rows[i].at);
		jsonw_raw(&s->w, rows[i].data, strlen(rows[i].data));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
