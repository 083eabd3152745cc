/*
 * disposals: the disposal register (廃棄記録, Kuki 第15条, Yabu 第9条) for auditors and
 * security administrators: every crypto-erase of a class I record or app, with who
 * caused it and when (store/sealing.h, docs/ENCRYPTION.md).
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "http/params.h"
#include "store/sealing.h"

int h_admin_disposals(struct req *r, struct res *s)
{
	int64_t before, limit;
	if (param_int(r, r->params, "before", 0, &before) != 0 ||
	    param_int(r, r->params, "limit", 100, &limit) != 0)
		return -1;
	if (limit < 1 || limit > 500)
		return err_field(&r->err, "limit", FM_INVALID, NULL);
	struct disposal_row *d;
	size_t n;
	if (store_disposals_list(store_thread(), r->arena, before, limit, &d, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "disposals");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		char at[32];
		time_fmt_utc((time_t)d[i].at, at);
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", d[i].id);
		jsonw_kstr(&s->w, "what", d[i].what);
		jsonw_kint_str(&s->w, "app", d[i].app_id);
		jsonw_kstr(&s->w, "appName", d[i].app_name);
		if (d[i].record_id > 0)
			jsonw_kint_str(&s->w, "record", d[i].record_id);
		else
			jsonw_knull(&s->w, "record");
		jsonw_kint_str(&s->w, "records", d[i].records);
		jsonw_kstr(&s->w, "who", d[i].who);
		jsonw_kstr(&s->w, "at", at);
		jsonw_kstr(&s->w, "method", d[i].method);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
