/*
 * history: every revision of a record, newest first (daicho's own
 * /api/record/history.json; kintone shows this only in its UI).
 */
#include "http/handlers/handlers.h"
#include "http/appctx.h"
#include "http/params.h"
#include "store/misc.h"

#include <string.h>

int h_history_get(struct req *r, struct res *s)
{
	int64_t id;
	struct history_row *rows;
	size_t n;
	if (param_id(r, r->params, "id", &id) != 0)
		return -1;
	if (store_history_list(store_thread(), r->arena, r->app->id, id, &rows, &n, &r->err) != 0)
		return -1;
	if (n == 0)
		return err_set(&r->err, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	audit_id(r, id);
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "history");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "revision", rows[i].revision);
		jsonw_kstr(&s->w, "action", rows[i].action);
		jsonw_key(&s->w, "user");
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "code", rows[i].user_code);
		jsonw_kstr(&s->w, "name", rows[i].user_name);
		jsonw_obj_end(&s->w);
		jsonw_kstr(&s->w, "at", rows[i].at);
		jsonw_key(&s->w, "record");
		jsonw_raw(&s->w, rows[i].data, strlen(rows[i].data));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
