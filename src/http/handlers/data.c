/*
 * data: daicho's own endpoints for the web UI's data tools: graph aggregates, CSV export
 * (its own right, logged with every record id that left) and CSV import (all or
 * nothing, with a dry run that reports every row's problems before committing).
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "export/csv.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/record_write.h"
#include "http/params.h"
#include "query/query.h"
#include "store/indexes.h"
#include "store/records.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { EXPORT_MAX = 100000, IMPORT_MAX = 10000, PAGE = 500 };

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

/* The text of a cell for CSV: lists joined by newlines, users and files by code/name. */
static const char *cell_text(struct req *r, const struct field_def *f, const char *cell)
{
	if (cell == NULL)
		return "";
	if (f->type == FT_RECORD_NUMBER && r->app->schema->app_code[0])
		return arena_printf(r->arena, "%s-%s", r->app->schema->app_code, cell);
	if (!field_type_is_list(f->type) && f->type != FT_CREATOR && f->type != FT_MODIFIER)
		return cell;
	json_error_t je;
	json_t *v = json_loads(cell, 0, &je);
	if (json_is_object(v)) {
		const char *code = arena_strdup(r->arena, json_string_value(json_object_get(v, "code")) ?: "");
		json_decref(v);
		return code;
	}
	struct buf b;
	buf_init(&b, 0);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *t = json_is_string(x) ? json_string_value(x)
			      : json_string_value(json_object_get(x, f->type == FT_FILE ? "name" : "code"));
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, t ? t : "");
	}
	const char *out = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	json_decref(v);
	return out;
}

int h_export_csv(struct req *r, struct res *s)
{
	const char *q, *enc, *header;
	struct query_plan plan;
	const struct schema *sc = r->app->schema;
	if (param_str(r, r->params, "query", "", &q) != 0 ||
	    param_str(r, r->params, "encoding", "UTF-8", &enc) != 0 ||
	    param_str(r, r->params, "header", "label", &header) != 0)
		return -1;
	enum csv_encoding e;
	if (strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf-8") == 0)
		e = CSV_UTF8_BOM;
	else if (strcmp(enc, "Shift_JIS") == 0 || strcmp(enc, "SJIS") == 0 || strcmp(enc, "sjis") == 0)
		e = CSV_SHIFT_JIS;
	else
		return err_field(&r->err, "encoding", FM_ENUM, NULL);
	/* Columns: the fields asked for, or every top-level field but subtables. */
	json_t *fields = json_object_get(r->params, "fields");
	bool *mask = mask_from_json(r->arena, sc, fields);
	size_t n_cols = 0;
	const struct field_def **cols = arena_alloc(r->arena, (sc->n_fields + 1) * sizeof *cols);
	if (json_is_array(fields)) {
		size_t i;
		json_t *c;
		json_array_foreach(fields, i, c) {
			const struct field_def *f = json_is_string(c) ? schema_find(sc, json_string_value(c)) : NULL;
			if (f == NULL || f->parent >= 0 || f->type == FT_SUBTABLE) {
				char key[32];
				snprintf(key, sizeof key, "fields[%zu]", i);
				return err_field(&r->err, key, FM_INVALID, NULL);
			}
			cols[n_cols++] = f;
		}
	} else {
		for (size_t i = 0; i < sc->n_fields; i++)
			if (sc->fields[i].parent < 0 && sc->fields[i].type != FT_SUBTABLE)
				cols[n_cols++] = &sc->fields[i];
	}
	/* The condition and order of the view being exported. */
	struct query_ctx ctx = {r->now, r->who.user_code, QUERY_NO_LIMIT_OFFSET};
	if (query_compile(r->arena, q, strlen(q), sc, &ctx, &plan, &r->err) != 0)
		return -1;
	index_note(sc, plan.used, plan.n_used);
	int64_t total;
	struct store *st = store_thread();
	if (store_records_count(st, sc, plan.where, plan.params, plan.n_params, &total, &r->err) != 0)
		return -1;
	if (total > EXPORT_MAX)
		return err_field(&r->err, "query", FM_TOO_MANY, "100000");
	struct csv_out out;
	if (csv_begin(&out, &s->body, e) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	for (size_t i = 0; i < n_cols; i++)
		csv_cell(&out, strcmp(header, "code") == 0 ? cols[i]->code : cols[i]->label);
	csv_row_end(&out);
	for (int64_t off = 0; off < total; off += PAGE) {
		struct arena page;
		struct rec_row *rows;
		size_t n;
		arena_init(&page, 0);
		struct rec_query rq = {plan.where, plan.params, plan.n_params, plan.order_by, PAGE, off};
		if (store_records_select(st, &page, sc, &rq, mask, &rows, &n, &r->err) != 0) {
			arena_destroy(&page);
			csv_end(&out);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			for (size_t i = 0; i < n_cols; i++)
				csv_cell(&out, cell_text(r, cols[i], rows[k].cells[schema_index(sc, cols[i])]));
			csv_row_end(&out);
			audit_id(r, rows[k].id);
		}
		arena_destroy(&page);
		if (n < PAGE)
			break;
	}
	csv_end(&out);
	char name[96], when[16];
	struct tm lt;
	localtime_r(&r->now, &lt);
	strftime(when, sizeof when, "%Y%m%d-%H%M", &lt);
	snprintf(name, sizeof name, "attachment; filename=\"app%lld-%s.csv\"", (long long)sc->app_id, when);
	s->content_type = e == CSV_SHIFT_JIS ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
	res_header(s, "Content-Disposition", arena_strdup(r->arena, name));
	if (out.unconvertible)
		res_header(s, "X-Daicho-Unconvertible", arena_printf(r->arena, "%zu", out.unconvertible));
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
			if (r->err.code != E_INPUT) {
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
