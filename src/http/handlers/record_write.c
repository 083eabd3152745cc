/* record_write: the shared steps of record writes (see record_write.h). */
#include "http/handlers/record_write.h"
#include "auth/crypto.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/mynumber_guard.h"
#include "http/handlers/webhook_event.h"
#include "rules/hooks.h"
#include "http/params.h"
#include "store/misc.h"
#include "store/records.h"
#include "store/sealing.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void write_ctx_init(struct write_ctx *w, struct req *r)
{
	w->r = r;
	w->st = store_thread();
	w->app = r->app;
	w->import_row = 0;
	time_fmt_utc(r->now, w->now);
}

bool write_revision(json_t *v, int64_t *out)
{
	*out = -1;
	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_string(v) && *json_string_value(v) == '\0')
		return true;
	return json_to_i64(v, out);
}

/* Callbacks for fields/record.c. */
struct lookup {
	struct write_ctx *w;
	int64_t record_id;	/* record being updated, 0 when adding */
};

static bool user_exists(void *cb, const char *code)
{
	struct lookup *l = cb;
	return store_user_exists(l->w->st, code);
}

static bool file_ok(void *cb, const struct field_def *f, const char *key)
{
	struct lookup *l = cb;
	struct file_row fr;
	struct err e;
	err_init(&e, NULL);
	if (strlen(key) > 128 || store_file_get(l->w->st, l->w->r->arena, key, &fr, &e) != 0)
		return false;
	if (fr.app_id == 0)	/* an upload not attached yet: only its uploader may use it */
		return fr.uploader_id == l->w->r->who.user_id;
	return l->record_id > 0 && fr.app_id == l->w->app->id && fr.record_id == l->record_id &&
	       fr.field && strcmp(fr.field, f->code) == 0;
}

static void init_in(struct write_ctx *w, struct rec_in *in, struct lookup *l, const char *prefix,
		    bool is_add)
{
	memset(in, 0, sizeof *in);
	in->a = w->r->arena;
	in->s = w->app->schema;
	in->prefix = prefix;
	in->is_add = is_add;
	in->allow_system = is_add && (appctx_rights(w->app, &w->r->who) & RIGHT_MANAGE);
	in->now = w->r->now;
	in->user_code = w->r->who.user_code;
	in->user_exists = user_exists;
	in->file_ok = file_ok;
	in->cb = l;
}

/* Refuses values already held by another record in unique fields. */
static int check_unique(struct write_ctx *w, const struct record_write *rw, int64_t except,
			const char *prefix)
{
	const struct schema *s = w->app->schema;
	int bad = 0;
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		const struct fvalue *v = &rw->vals[i];
		if (!f->unique || f->parent >= 0 || !v->set || v->text == NULL || *v->text == '\0')
			continue;
		int64_t other;
		if (store_record_find(w->st, s, f, v->text, except, &other, &w->r->err) != 0)
			return -1;
		if (other != 0) {
			char key[400];
			snprintf(key, sizeof key, "%s.%s.value", prefix, f->code);
			err_field(&w->r->err, key, FM_UNIQUE, NULL);
			bad++;
		}
	}
	return bad ? -1 : 0;
}

/*
 * Replaces upload keys in FILE values by new download keys attached to the record
 * (record_id 0: attached once the record id is known, see attach_finish).
 */
static int attach_files(struct write_ctx *w, struct fvalue *vals, int64_t record_id,
			const char **pending, size_t *n_pending, bool prune)
{
	const struct schema *s = w->app->schema;
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		struct fvalue *v = &vals[i];
		if (f->type == FT_SUBTABLE && v->set) {
			for (size_t r = 0; r < v->n_rows; r++)
				if (attach_files(w, v->rows[r].vals, record_id, pending, n_pending,
						 false) != 0)
					return -1;
			continue;
		}
		if (f->type != FT_FILE || !v->set)
			continue;
		json_error_t je;
		json_t *keys = json_loads(v->text, 0, &je), *out = json_array();
		size_t k;
		json_t *key;
		json_array_foreach(keys, k, key) {
			struct file_row fr;
			const char *ks = json_string_value(key);
			if (store_file_get(w->st, w->r->arena, ks, &fr, &w->r->err) != 0) {
				json_decref(keys);
				json_decref(out);
				return -1;
			}
			if (fr.app_id != 0) {	/* already this record's attachment */
				json_array_append(out, key);
				continue;
			}
			char nk[41];
			crypto_random_token(nk, 40);
			if (store_file_attach(w->st, &fr, nk, w->app->id, record_id, f->code, w->r->now,
					      &w->r->err) != 0) {
				json_decref(keys);
				json_decref(out);
				return -1;
			}
			json_array_append_new(out, json_string(nk));
			if (record_id == 0 && *n_pending < 1000)
				pending[(*n_pending)++] = arena_strdup(w->r->arena, nk);
		}
		char *text = json_dumps(out, JSON_COMPACT);
		v->text = arena_strdup(w->r->arena, text);
		free(text);
		json_decref(keys);
		json_decref(out);
		if (prune && record_id > 0 &&
		    store_file_prune(w->st, w->app->id, record_id, f->code, v->text, &w->r->err) != 0)
			return -1;
	}
	return 0;
}

/*
 * After an update: drops the attachments of subtable FILE fields that no row of the
 * record holds any more (rows share a field code, so this looks at all of them).
 */
static int prune_row_files(struct write_ctx *w, const struct record_write *rw, int64_t id)
{
	const struct schema *s = w->app->schema;
	struct rec_row *cur = NULL;
	size_t n = 0;
	for (size_t k = 0; k < s->n_fields; k++) {
		const struct field_def *f = &s->fields[k];
		if (f->type != FT_FILE || f->parent < 0 || !rw->vals[f->parent].set)
			continue;
		if (cur == NULL) {
			if (store_records_by_ids(w->st, w->r->arena, s, &id, 1, NULL, &cur, &n,
						 &w->r->err) != 0)
				return -1;
			if (n == 0)
				return 0;
		}
		json_t *keep = json_array();
		for (size_t r = 0; r < cur->n_subs[f->parent]; r++) {
			const char *cell = cur->subs[f->parent][r].cells[k];
			json_error_t je;
			json_t *files = cell ? json_loads(cell, 0, &je) : NULL;
			size_t i;
			json_t *x;
			json_array_foreach(files, i, x)
				json_array_append(keep, json_object_get(x, "fileKey"));
			json_decref(files);
		}
		char *text = json_dumps(keep, JSON_COMPACT);
		json_decref(keep);
		int rc = store_file_prune(w->st, w->app->id, id, f->code, text, &w->r->err);
		free(text);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int insert(struct write_ctx *w, struct record_write *rw, int64_t *id, int64_t *rev)
{
	const char *pending[1000];
	size_t n_pending = 0;
	if (rw->creator == NULL)
		rw->creator = w->r->who.user_code;
	if (rw->modifier == NULL)
		rw->modifier = rw->creator;
	if (rw->created_at == NULL)
		rw->created_at = w->now;
	if (rw->updated_at == NULL)
		rw->updated_at = rw->created_at;
	if (attach_files(w, rw->vals, 0, pending, &n_pending, true) != 0)
		return -1;
	if (store_record_insert(w->st, w->app->schema, rw, id, &w->r->err) != 0)
		return -1;
	for (size_t i = 0; i < n_pending; i++)
		if (store_file_set_record(w->st, pending[i], *id, &w->r->err) != 0)
			return -1;
	/* Class I: attachments are kept only as sealed copies (store/sealing.h). */
	if (n_pending > 0 && store_files_seal(w->st, w->app->id, *id, &w->r->err) != 0)
		return -1;
	*rev = 1;
	audit_id(w->r, *id);
	return webhook_event(w, HOOK_EV_ADD, *id);
}

int write_add(struct write_ctx *w, json_t *record, const char *prefix, int64_t *id, int64_t *rev)
{
	struct rec_in in;
	struct lookup l = {w, 0};
	struct record_write rw;
	init_in(w, &in, &l, prefix, true);
	int bad = record_in(&in, record, &rw, &w->r->err) != 0;
	struct mnguard_src src = {prefix, w->import_row};
	bool confirmed;
	if (mnguard_record(w->r, w->app, &rw, &src, &confirmed) != 0)
		bad = 1;
	if (check_unique(w, &rw, 0, prefix) != 0 && w->r->err.code != E_INPUT &&
	    !mnguard_is_refusal(w->r->err.code))
		return -1;
	if (bad || err_is(&w->r->err))
		return -1;
	if (insert(w, &rw, id, rev) != 0)
		return -1;
	if (confirmed)
		mnguard_log_confirmed(w->r, w->app->id, *id);
	return 0;
}

/* Finds the record an updateKey names. */
static int by_key(struct write_ctx *w, json_t *key, const char **field_code, const char **canon,
		  int64_t *id)
{
	const struct schema *s = w->app->schema;
	const char *field = json_string_value(json_object_get(key, "field"));
	json_t *value = json_object_get(key, "value");
	const struct field_def *f = field ? schema_find(s, field) : NULL;
	if (f == NULL || f->parent >= 0)
		return err_field(&w->r->err, "updateKey.field", FM_INVALID, NULL);
	if (!f->unique || (f->type != FT_SINGLE_LINE_TEXT && f->type != FT_NUMBER))
		return err_field(&w->r->err, "updateKey.field", FM_KEY_FIELD, f->code);
	const char *v = json_is_string(value) ? json_string_value(value) : NULL;
	char num[128];
	if (json_is_integer(value) || json_is_real(value)) {
		if (json_is_integer(value))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(value));
		else
			snprintf(num, sizeof num, "%.17g", json_real_value(value));
		v = num;
	}
	if (v == NULL || *v == '\0')
		return err_field(&w->r->err, "updateKey.value", FM_REQUIRED_PARAM, NULL);
	if (f->type == FT_NUMBER) {
		char c[128];
		if (!decimal_normalise(v, c, sizeof c, 40))
			return err_field(&w->r->err, "updateKey.value", FM_NUMBER, NULL);
		v = arena_strdup(w->r->arena, c);
	} else {
		v = arena_strdup(w->r->arena, v);
	}
	*field_code = f->code;
	*canon = v;
	return store_record_find(w->st, s, f, v, 0, id, &w->r->err);
}

/*
 * Keeps revision `r` of a record in its history before it is replaced or deleted. The
 * current revision is always the row itself, so the history holds exactly the
 * revisions that came before; together they are every revision. The entry carries who
 * made that revision and when (its MODIFIER and UPDATED_TIME).
 */
static int keep_revision(struct write_ctx *w, const struct rec_row *r)
{
	const struct schema *s = w->app->schema;
	const char *who = NULL, *at = NULL;
	for (size_t i = 0; i < s->n_fields; i++) {
		if (s->fields[i].type == FT_UPDATED_TIME)
			at = r->cells[i];
		if (s->fields[i].type == FT_MODIFIER && r->cells[i]) {
			json_error_t je;
			json_t *m = json_loads(r->cells[i], 0, &je);
			const char *code = json_string_value(json_object_get(m, "code"));
			who = code ? arena_strdup(w->r->arena, code) : NULL;
			json_decref(m);
		}
	}
	struct buf b;
	struct jsonw jw;
	buf_init(&b, 0);
	jsonw_init(&jw, &b);
	record_out(&jw, s, r, NULL);
	int rc = store_history_add(w->st, s->app_id, r->id, r->revision,
				   r->revision == 1 ? "add" : "update", who ? who : "", at ? at : w->now,
				   buf_str(&b), b.len, &w->r->err);
	buf_free(&b);
	return rc;
}

int write_update(struct write_ctx *w, int64_t id, json_t *update_key, json_t *revision,
		 json_t *record, const char *prefix, bool upsert, int64_t *id_out, int64_t *rev,
		 bool *inserted)
{
	const struct schema *s = w->app->schema;
	struct req *r = w->r;
	int64_t expect;
	const char *key_field = NULL, *key_value = NULL;
	*inserted = false;
	if (!write_revision(revision, &expect))
		return err_field(&r->err, "revision", FM_INTEGER, NULL);
	if (update_key != NULL && !json_is_null(update_key)) {
		if (by_key(w, update_key, &key_field, &key_value, &id) != 0)
			return -1;
		if (id == 0 && !upsert)
			return err_set(&r->err, E_RECORD_NOT_FOUND, "%s=%s", key_field, key_value);
	}
	struct rec_row *cur = NULL;
	size_t n = 0;
	if (id > 0 && store_records_by_ids(w->st, r->arena, s, &id, 1, NULL, &cur, &n, &r->err) != 0)
		return -1;
	if (n == 0) {
		if (!upsert)
			return err_set(&r->err, E_RECORD_NOT_FOUND, "%lld", (long long)id);
		/* Upsert of a record that is not there: add it, with the key's value. */
		if (dispatch_require(r, w->app, RIGHT_ADD) != 0)
			return -1;
		json_t *rec = json_is_object(record) ? json_deep_copy(record) : json_object();
		if (key_field != NULL)
			json_object_set_new(rec, key_field, json_pack("{s:s}", "value", key_value));
		int rc = write_add(w, rec, prefix, id_out, rev);
		json_decref(rec);
		*inserted = rc == 0;
		return rc;
	}
	if (expect != -1 && expect != cur->revision)
		return err_set(&r->err, E_REVISION, NULL);
	/* What the record holds now: for required checks and subtable row ids. */
	bool *has = arena_alloc(r->arena, s->n_fields * sizeof *has);
	int64_t **row_ids = arena_alloc(r->arena, s->n_fields * sizeof *row_ids);
	size_t *n_row_ids = arena_alloc(r->arena, s->n_fields * sizeof *n_row_ids);
	for (size_t i = 0; i < s->n_fields; i++) {
		has[i] = !cell_empty(s->fields[i].type, cur->cells[i]);
		if (s->fields[i].type != FT_SUBTABLE)
			continue;
		row_ids[i] = arena_alloc(r->arena, (cur->n_subs[i] + 1) * sizeof **row_ids);
		for (size_t k = 0; k < cur->n_subs[i]; k++)
			row_ids[i][k] = cur->subs[i][k].id;
		n_row_ids[i] = cur->n_subs[i];
	}
	struct rec_in in;
	struct lookup l = {w, id};
	struct record_write rw;
	init_in(w, &in, &l, prefix, false);
	in.has_value = has;
	in.row_ids = row_ids;
	in.n_row_ids = n_row_ids;
	int bad = record_in(&in, record, &rw, &r->err) != 0;
	struct mnguard_src src = {prefix, w->import_row};
	bool confirmed;
	if (mnguard_record(r, w->app, &rw, &src, &confirmed) != 0)
		bad = 1;
	if (check_unique(w, &rw, id, prefix) != 0 && r->err.code != E_INPUT &&
	    !mnguard_is_refusal(r->err.code))
		return -1;
	if (bad || err_is(&r->err))
		return -1;
	if (confirmed)
		mnguard_log_confirmed(r, w->app->id, id);
	const char *none[1];
	size_t n_none = 0;
	if (attach_files(w, rw.vals, id, none, &n_none, true) != 0)
		return -1;
	rw.modifier = r->who.user_code;
	rw.updated_at = w->now;
	if (keep_revision(w, cur) != 0 || store_record_update(w->st, s, id, &rw, rev, &r->err) != 0 ||
	    prune_row_files(w, &rw, id) != 0 || store_files_seal(w->st, w->app->id, id, &r->err) != 0)
		return -1;
	*id_out = id;
	audit_id(r, id);
	return webhook_event(w, HOOK_EV_EDIT, id);
}

int write_delete(struct write_ctx *w, int64_t id, json_t *revision, const char *prefix)
{
	int64_t expect;
	struct req *r = w->r;
	struct rec_row *cur;
	size_t n;
	(void)prefix;
	if (!write_revision(revision, &expect))
		return err_field(&r->err, "revisions", FM_INTEGER, NULL);
	if (store_records_by_ids(w->st, r->arena, w->app->schema, &id, 1, NULL, &cur, &n, &r->err) != 0)
		return -1;
	if (n == 0)
		return err_set(&r->err, E_RECORD_NOT_FOUND, "%lld", (long long)id);
	if (expect != -1 && expect != cur->revision)
		return err_set(&r->err, E_REVISION, NULL);
	/* The last revision, then a marker saying who deleted it and when. */
	if (keep_revision(w, cur) != 0 ||
	    store_history_add(w->st, w->app->id, id, cur->revision + 1, "delete", r->who.user_code,
			      w->now, "null", 4, &r->err) != 0)
		return -1;
	if (store_record_delete(w->st, w->app->schema, id, &r->err) != 0 ||
	    store_crypto_erase_record(w->st, w->app->id, id, r->who.user_code, (int64_t)r->now,
				      &r->err) != 0)
		return -1;
	audit_id(r, id);
	return webhook_event(w, HOOK_EV_DELETE, id);
}

