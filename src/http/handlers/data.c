/*
 * data: daicho's own endpoints for the web UI's data tools: graph aggregates and CSV
 * import (all or nothing, with a dry run that reports every row's problems before
 * committing). The CSV export and its rules are exports.c.
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "export/csv.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/record_write.h"
#include "http/mynumber_guard.h"
#include "http/params.h"
#include "query/query.h"
#include "store/indexes.h"
#include "store/records.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { IMPORT_MAX = 10000 };

/* Compiles a condition (no limit/offset) for the request's app. */
static int condition(struct req *r, const char *q, struct query_plan *plan)
{
	struct query_ctx ctx = {r->now, r->who.user_code, QUERY_NO_LIMIT_OFFSET};
	return query_compile(r->arena, q, strlen(q), r->app->schema, &ctx, plan, &r->err);
}

static const struct field_def *top_field(struct req *r, const char *param, bool required)
{
	const char *code;
	if (param_str(r, r->params, param, NULL, &code) != 0)
		return NULL;
	if (code == NULL || *code == '\0') {
		if (required)
			err_field(&r->err, param, FM_REQUIRED_PARAM, NULL);
		return NULL;
	}
	const struct field_def *f = schema_find(r->app->schema, code);
	if (f == NULL || f->parent >= 0 || f->type == FT_SUBTABLE || f->type == FT_FILE ||
	    f->type == FT_RICH_TEXT || f->type == FT_MULTI_LINE_TEXT) {
		err_field(&r->err, param, FM_INVALID, NULL);
		return NULL;
	}
	return f;
}

int h_aggregate(struct req *r, struct res *s)
{
	const char *q, *func, *period;
	struct query_plan plan;
	struct agg_spec spec = {0};
	if (param_str(r, r->params, "query", "", &q) != 0 ||
	    param_str(r, r->params, "func", "COUNT", &func) != 0 ||
	    param_str(r, r->params, "period", "", &period) != 0)
		return -1;
	spec.group = top_field(r, "group", true);
	if (spec.group == NULL)
		return -1;
	static const char *const funcs[] = {"COUNT", "SUM", "AVG", "MIN", "MAX"};
	spec.func = AGG_COUNT;
	bool known = false;
	for (int i = 0; i < 5; i++)
		if (strcmp(func, funcs[i]) == 0) {
			spec.func = (enum agg_func)i;
			known = true;
		}
	if (!known)
		return err_field(&r->err, "func", FM_ENUM, NULL);
	if (spec.func != AGG_COUNT) {
		spec.value = top_field(r, "field", true);
		if (spec.value == NULL)
			return -1;
		if (spec.value->type != FT_NUMBER)
			return err_field(&r->err, "field", FM_INVALID, NULL);
	}
	spec.period = strcmp(period, "YEAR") == 0 ? AGG_YEAR : strcmp(period, "MONTH") == 0 ? AGG_MONTH
		      : strcmp(period, "DAY") == 0 ? AGG_DAY : AGG_NONE;
	if (*period && spec.period == AGG_NONE)
		return err_field(&r->err, "period", FM_ENUM, NULL);
	struct tm lt;
	localtime_r(&r->now, &lt);
	spec.utc_offset = (int)lt.tm_gmtoff;
	if (condition(r, q, &plan) != 0)
		return -1;
	index_note(r->app->schema, plan.used, plan.n_used);
	index_note(r->app->schema, &spec.group, 1);
	spec.where = plan.where;
	spec.params = plan.params;
	spec.n_params = plan.n_params;
	struct agg_row *rows;
	size_t n;
	if (store_records_aggregate(store_thread(), r->arena, r->app->schema, &spec, &rows, &n,
				    &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "groups");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "key", rows[i].key);
		jsonw_kint_str(&s->w, "count", rows[i].count);
		if (spec.func != AGG_COUNT) {
			char num[64];
			snprintf(num, sizeof num, "%.15g", rows[i].has_value ? rows[i].value : 0.0);
			jsonw_kstr(&s->w, "value", rows[i].has_value ? num : NULL);
		}
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_import(struct req *r, struct res *s)
{
	json_t *records = json_object_get(r->params, "records");
	const char *key;
	bool dry;
	struct write_ctx w;
	if (param_bool(r, r->params, "dryRun", false, &dry) != 0 ||
	    param_str(r, r->params, "updateKey", NULL, &key) != 0)
		return -1;
	if (!json_is_array(records))
		return err_field(&r->err, "records", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(records) > IMPORT_MAX)
		return err_field(&r->err, "records", FM_TOO_MANY, "10000");
	if (key && *key && dispatch_require(r, r->app, RIGHT_EDIT) != 0)
		return -1;
	write_ctx_init(&w, r);
	size_t n = json_array_size(records);
	int64_t *ids = arena_alloc(r->arena, (n + 1) * sizeof *ids);
	size_t added = 0, updated = 0;
	int failed = 0;
	struct store *st = store_thread();
	/* A savepoint, so a dry run can take everything back but its log entry. */
	if (store_begin(st, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char prefix[32];
		json_t *rec = json_array_get(records, i);
		int64_t rev;
		bool inserted = false;
		snprintf(prefix, sizeof prefix, "records[%zu]", i);
		w.import_row = (long)i + 1;
		int rc;
		json_t *kv = key && *key ? json_object_get(json_object_get(rec, key), "value") : NULL;
		if (kv != NULL && !(json_is_string(kv) && *json_string_value(kv) == '\0')) {
			json_t *uk = json_pack("{s:s,s:O}", "field", key, "value", kv);
			json_t *body = json_deep_copy(rec);
			json_object_del(body, key);
			rc = write_update(&w, 0, uk, NULL, body, prefix, true, &ids[i], &rev, &inserted);
			json_decref(uk);
			json_decref(body);
			if (rc == 0)
				inserted ? added++ : updated++;
		} else {
			rc = write_add(&w, rec, prefix, &ids[i], &rev);
			if (rc == 0)
				added++;
		}
		if (rc != 0) {
			if (r->err.code != E_INPUT && !mnguard_is_refusal(r->err.code)) {
				store_rollback(st);
				return -1;
			}
			failed++;
			if (r->err.n_fields > 1000)
				break;	/* enough to show; the file needs fixing first */
		}
	}
	if (failed) {
		store_rollback(st);
		return -1;
	}
	if (dry) {
		store_rollback(st);
		r->cur_audit->n_ids = 0;
	} else if (store_commit(st, &r->err) != 0) {
		return -1;
	}
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "dryRun", dry);
	jsonw_kint_str(&s->w, "added", (long long)added);
	jsonw_kint_str(&s->w, "updated", (long long)updated);
	jsonw_obj_end(&s->w);
	return 0;
}
