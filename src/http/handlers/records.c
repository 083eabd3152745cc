/*
 * records: record.json and records.json (read one, add, update, upsert, query, delete).
 * The write steps are shared in record_write.c; queries are compiled by query/.
 */
#include "http/handlers/handlers.h"
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

enum { WRITE_MAX = 100, DELETE_MAX = 100, FIELDS_MAX = 1000 };

int h_record_get(struct req *r, struct res *s)
{
	int64_t id;
	struct rec_row *rows;
	size_t n;
	const struct schema *sc = r->app->schema;
	if (param_id(r, r->params, "id", &id) != 0)
		return -1;
	if (store_records_by_ids(store_thread(), r->arena, sc, &id, 1, NULL, &rows, &n, &r->err) != 0)
		return -1;
	if (n == 0)
		return err_set(&r->err, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	audit_id(r, id);
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "record");
	record_out(&s->w, sc, &rows[0], NULL);
	jsonw_obj_end(&s->w);
	return 0;
}

/* Compiles the "query" parameter for this app and caller. */
static int compile(struct req *r, const char *q, unsigned flags, struct query_plan *plan)
{
	struct query_ctx ctx = {r->now, r->who.user_code, flags};
	return query_compile(r->arena, q, strlen(q), r->app->schema, &ctx, plan, &r->err);
}

/* The "fields" parameter as a mask (NULL = every field); refuses oversize lists. */
static int fields_mask(struct req *r, bool **mask)
{
	json_t *fields = json_object_get(r->params, "fields");
	*mask = NULL;
	if (fields == NULL || json_is_null(fields))
		return 0;
	if (!json_is_array(fields))
		return err_field(&r->err, "fields", FM_TYPE, "array");
	if (json_array_size(fields) > FIELDS_MAX)
		return err_field(&r->err, "fields", FM_TOO_MANY, "1000");
	*mask = mask_from_json(r->arena, r->app->schema, fields);
	return 0;
}

int h_records_get(struct req *r, struct res *s)
{
	const char *q;
	bool total, *mask;
	struct query_plan plan;
	struct rec_row *rows;
	size_t n;
	int64_t count = 0;
	const struct schema *sc = r->app->schema;
	struct store *st = store_thread();
	if (param_str(r, r->params, "query", "", &q) != 0 ||
	    param_bool(r, r->params, "totalCount", false, &total) != 0 || fields_mask(r, &mask) != 0)
		return -1;
	if (compile(r, q, 0, &plan) != 0)
		return -1;
	index_note(sc, plan.used, plan.n_used);
	struct rec_query rq = {plan.where, plan.params, plan.n_params, plan.order_by, plan.limit,
			       plan.offset};
	if (store_records_select(st, r->arena, sc, &rq, mask, &rows, &n, &r->err) != 0)
		return -1;
	if (total && store_records_count(st, sc, plan.where, plan.params, plan.n_params, &count,
					 &r->err) != 0)
		return -1;
	if (total && count >= 100000)
		res_header(s, "X-Cybozu-Warning", "Filter aborted because of too many search results");
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "records");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		record_out(&s->w, sc, &rows[i], mask);
		audit_id(r, rows[i].id);
	}
	jsonw_arr_end(&s->w);
	if (total)
		jsonw_kint_str(&s->w, "totalCount", count);
	else
		jsonw_knull(&s->w, "totalCount");
	jsonw_obj_end(&s->w);
	return 0;
}

int h_record_add(struct req *r, struct res *s)
{
	struct write_ctx w;
	int64_t id, rev;
	write_ctx_init(&w, r);
	if (write_add(&w, json_object_get(r->params, "record"), "record", &id, &rev) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kint_str(&s->w, "revision", rev);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The id of an update: "id" or "updateKey", never both. */
static int target(struct req *r, json_t *obj, const char *prefix, int64_t *id, json_t **key)
{
	json_t *idv = json_object_get(obj, "id");
	char k[64];
	*key = json_object_get(obj, "updateKey");
	*id = 0;
	if (*key != NULL && json_is_null(*key))
		*key = NULL;
	bool has_id = idv != NULL && !json_is_null(idv);
	snprintf(k, sizeof k, "%s%sid", prefix, *prefix ? "." : "");
	if (has_id && *key != NULL)
		return err_field(&r->err, k, FM_ID_AND_KEY, NULL);
	if (!has_id && *key == NULL)
		return err_field(&r->err, k, FM_REQUIRED_PARAM, NULL);
	if (has_id && (!json_to_i64(idv, id) || *id < 1))
		return err_field(&r->err, k, FM_MIN_1, NULL);
	if (*key != NULL && !json_is_object(*key)) {
		snprintf(k, sizeof k, "%s%supdateKey", prefix, *prefix ? "." : "");
		return err_field(&r->err, k, FM_TYPE, "object");
	}
	return 0;
}

int h_record_update(struct req *r, struct res *s)
{
	struct write_ctx w;
	int64_t id, rev, done;
	json_t *key;
	bool inserted;
	write_ctx_init(&w, r);
	if (target(r, r->params, "", &id, &key) != 0)
		return -1;
	if (write_update(&w, id, key, json_object_get(r->params, "revision"),
			 json_object_get(r->params, "record"), "record", false, &done, &rev,
			 &inserted) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "revision", rev);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The "records" array of a bulk write, within its limit. */
static int records_param(struct req *r, enum fmsg too_many, json_t **out)
{
	*out = json_object_get(r->params, "records");
	if (*out == NULL || !json_is_array(*out))
		return err_field(&r->err, "records", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(*out) > WRITE_MAX)
		return err_field(&r->err, "records", too_many, NULL);
	return 0;
}

int h_records_add(struct req *r, struct res *s)
{
	struct write_ctx w;
	json_t *records;
	write_ctx_init(&w, r);
	if (records_param(r, FM_MAX_ADD, &records) != 0)
		return -1;
	size_t n = json_array_size(records);
	int64_t *ids = arena_alloc(r->arena, (n + 1) * sizeof *ids);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char prefix[32];
		int64_t rev;
		snprintf(prefix, sizeof prefix, "records[%zu]", i);
		if (write_add(&w, json_array_get(records, i), prefix, &ids[i], &rev) != 0) {
			if (r->err.code != E_INPUT && !mnguard_is_refusal(r->err.code))
				return -1;
			failed++;	/* keep validating: report every record's problems */
		}
	}
	if (failed)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "ids");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		jsonw_int_str(&s->w, ids[i]);
	jsonw_arr_end(&s->w);
	jsonw_key(&s->w, "revisions");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		jsonw_int_str(&s->w, 1);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_records_update(struct req *r, struct res *s)
{
	struct write_ctx w;
	json_t *records;
	bool upsert;
	write_ctx_init(&w, r);
	if (records_param(r, FM_MAX_UPDATE, &records) != 0 ||
	    param_bool(r, r->params, "upsert", false, &upsert) != 0)
		return -1;
	size_t n = json_array_size(records);
	int64_t *ids = arena_alloc(r->arena, (n + 1) * sizeof *ids);
	int64_t *revs = arena_alloc(r->arena, (n + 1) * sizeof *revs);
	bool *ins = arena_alloc(r->arena, (n + 1) * sizeof *ins);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char prefix[32];
		json_t *item = json_array_get(records, i), *key;
		int64_t id;
		snprintf(prefix, sizeof prefix, "records[%zu]", i);
		if (!json_is_object(item)) {
			err_field(&r->err, prefix, FM_TYPE, "object");
			failed++;
			continue;
		}
		if (target(r, item, prefix, &id, &key) != 0) {
			failed++;
			continue;
		}
		if (write_update(&w, id, key, json_object_get(item, "revision"),
				 json_object_get(item, "record"), prefix, upsert, &ids[i], &revs[i],
				 &ins[i]) != 0) {
			if (r->err.code != E_INPUT && !mnguard_is_refusal(r->err.code))
				return -1;
			failed++;
		}
	}
	if (failed)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "records");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", ids[i]);
		jsonw_kint_str(&s->w, "revision", revs[i]);
		if (upsert)
			jsonw_kstr(&s->w, "operation", ins[i] ? "INSERT" : "UPDATE");
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_records_delete(struct req *r, struct res *s)
{
	struct write_ctx w;
	json_t *ids = json_object_get(r->params, "ids");
	json_t *revs = json_object_get(r->params, "revisions");
	write_ctx_init(&w, r);
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > DELETE_MAX)
		return err_field(&r->err, "ids", FM_MAX_DELETE, NULL);
	if (revs != NULL && !json_is_null(revs) &&
	    (!json_is_array(revs) || json_array_size(revs) > json_array_size(ids)))
		return err_field(&r->err, "revisions", FM_INVALID, NULL);
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) {
		int64_t id;
		char key[32];
		snprintf(key, sizeof key, "ids[%zu]", i);
		if (!json_to_i64(v, &id) || id < 1)
			return err_field(&r->err, key, FM_MIN_1, NULL);
		if (write_delete(&w, id, json_array_get(revs, i), key) != 0)
			return -1;
	}
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
