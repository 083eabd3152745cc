/*
 * customize: JS/CSS customisations of an app (kintone's app/customize.json), the review
 * of each pinned file (Abiko §10, RULES.md row 12), the list of what a record page loads
 * and the serving of those files with their hash checked on every serve.
 *
 * FILE items name an upload key from file.json; saving attaches the content to the app
 * under a new download key and pins its SHA-256. With the policy extensions.review on,
 * a pinned file is active only once a system or security administrator other than its
 * uploader approved that exact hash for the app (a changed file has a new hash and so
 * needs a new review), and URL items are refused (their code cannot be pinned). Deploy
 * carries the preview customisation to live (deploy.c). Plugins (plugins.c) add their
 * approved files to the same list.
 */
#include "http/handlers/handlers.h"
#include "http/handlers/customize.h"
#include "auth/crypto.h"
#include "core/log.h"
#include "core/strutil.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/params.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/customize.h"
#include "store/inbox.h"
#include "store/misc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CU_ITEMS_MAX = 30, CU_FILE_MAX = 10 * 1024 * 1024 };

static const char *const platforms[] = {"desktop", "mobile"};
static const char *const kinds[] = {"js", "css"};

bool customize_review_on(void)
{
	return policy_bool("extensions.review");
}

/* ---- reading and writing customisations ------------------------------------------ */

/* The review state of one pinned file for the caller to see ("none" with the rule off). */
static const char *review_state(struct req *r, int64_t app_id, const char *sha, int64_t *id)
{
	struct cu_review rv;
	*id = 0;
	int rc = store_cu_review_find(store_thread(), r->arena, app_id, sha, &rv, &r->err);
	if (rc == 1)
		*id = rv.id;
	if (!customize_review_on())
		return "none";
	return rc == 1 ? rv.status : "pending";
}

/* Writes one stage's customisation in kintone's shape, plus each file's hash and review. */
static int customize_out(struct req *r, struct res *s, int64_t app_id, const char *stage)
{
	struct store *st = store_thread();
	const char *scope, *text;
	struct app_row row;
	if (store_app_get(st, r->arena, app_id, &row, &r->err) != 0 ||
	    store_customize_get(st, r->arena, app_id, stage, &scope, &text, &r->err) != 0)
		return -1;
	json_t *body = json_loads(text, 0, NULL);
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "scope", scope);
	for (size_t p = 0; p < 2; p++) {
		json_t *plat = json_object_get(body, platforms[p]);
		jsonw_key(&s->w, platforms[p]);
		jsonw_obj(&s->w);
		for (size_t k = 0; k < 2; k++) {
			json_t *list = json_object_get(plat, kinds[k]), *it;
			size_t i;
			jsonw_key(&s->w, kinds[k]);
			jsonw_arr(&s->w);
			json_array_foreach(list, i, it) {
				const char *type = json_string_value(json_object_get(it, "type"));
				jsonw_obj(&s->w);
				jsonw_kstr(&s->w, "type", type ? type : "");
				if (type && strcmp(type, "URL") == 0) {
					jsonw_kstr(&s->w, "url", json_string_value(json_object_get(it, "url")));
				} else {
					json_t *f = json_object_get(it, "file");
					const char *sha = json_string_value(json_object_get(f, "sha256"));
					int64_t rid;
					const char *state = review_state(r, app_id, sha ? sha : "", &rid);
					jsonw_key(&s->w, "file");
					jsonw_obj(&s->w);
					jsonw_kstr(&s->w, "fileKey", json_string_value(json_object_get(f, "fileKey")));
					jsonw_kstr(&s->w, "name", json_string_value(json_object_get(f, "name")));
					jsonw_kstr(&s->w, "contentType", json_string_value(json_object_get(f, "contentType")));
					jsonw_kstr(&s->w, "size", json_string_value(json_object_get(f, "size")));
					jsonw_kstr(&s->w, "sha256", sha);
					jsonw_obj_end(&s->w);
					jsonw_kstr(&s->w, "review", state);
					if (rid > 0)
						jsonw_kint_str(&s->w, "reviewId", rid);
				}
				jsonw_obj_end(&s->w);
			}
			jsonw_arr_end(&s->w);
		}
		jsonw_obj_end(&s->w);
	}
	jsonw_kint_str(&s->w, "revision", strcmp(stage, "live") == 0 ? row.live_revision
								    : row.preview_revision);
	jsonw_kbool(&s->w, "review", customize_review_on());	/* daicho: extensions.review */
	jsonw_obj_end(&s->w);
	json_decref(body);
	return 0;
}

int h_customize_get(struct req *r, struct res *s)
{
	return customize_out(r, s, r->app->id, "live");
}

int h_preview_customize_get(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "app", &id) != 0)
		return -1;
	return customize_out(r, s, id, "preview");
}

/* Sends every reviewer but the author an inbox item to approve or refuse review rv. */
static int notify_reviewers(struct req *r, const struct cu_review *rv, int64_t app_id)
{
	struct store *st = store_thread();
	int64_t *ids;
	size_t n;
	if (store_users_with_roles(st, r->arena, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN, &ids, &n,
				   &r->err) != 0)
		return -1;
	json_t *detail = json_pack("{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}],"
				   "s:{s:I,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "承認する", "en", "Approve", "method", "POST", "path", "/api/customize/review.json",
		"body", "id", (json_int_t)rv->id, "approve", 1,
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path", "/api/customize/review.json",
		"body", "id", (json_int_t)rv->id, "approve", 0,
		"facts", "app", (json_int_t)app_id, "file", rv->name, "sha256", rv->sha256,
		"author", r->who.user_code);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "カスタマイズの確認 / Review a customisation: %s (app %lld)",
					   rv->name, (long long)app_id);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (ids[i] != rv->author_id)
			rc = store_inbox_add(st, ids[i], "customize.review", rv->id, subject, text, r->now, &r->err);
	free(text);
	return rc;
}

/*
 * Checks one item of a list and returns what is stored for it (new reference), or
 * NULL with r->err set. FILE items are attached to the app and reviewed as needed.
 */
static json_t *one_item(struct req *r, int64_t app_id, json_t *it, const char *key)
{
	struct store *st = store_thread();
	const char *type = json_string_value(json_object_get(it, "type"));
	if (!json_is_object(it) || type == NULL) {
		err_field(&r->err, key, FM_REQUIRED_PARAM, NULL);
		return NULL;
	}
	if (strcmp(type, "URL") == 0) {
		if (customize_review_on()) {
			err_set(&r->err, E_CU_URL, NULL);
			return NULL;
		}
		const char *url = json_string_value(json_object_get(it, "url"));
		if (url == NULL || !str_starts(url, "https://") || strlen(url) > 2000) {
			err_field(&r->err, arena_printf(r->arena, "%s.url", key), FM_LINK, NULL);
			return NULL;
		}
		return json_pack("{s:s,s:s}", "type", "URL", "url", url);
	}
	if (strcmp(type, "FILE") != 0) {
		err_field(&r->err, arena_printf(r->arena, "%s.type", key), FM_ENUM, "URL, FILE");
		return NULL;
	}
	const char *fk = json_string_value(json_object_get(json_object_get(it, "file"), "fileKey"));
	const char *fkey = arena_printf(r->arena, "%s.file.fileKey", key);
	struct file_row f;
	if (fk == NULL || *fk == '\0') {
		err_field(&r->err, fkey, FM_REQUIRED_PARAM, NULL);
		return NULL;
	}
	if (strlen(fk) > 128 || store_file_get(st, r->arena, fk, &f, &r->err) != 0) {
		err_init(&r->err, r->arena);
		err_field(&r->err, fkey, FM_FILE_UNKNOWN, fk);
		return NULL;
	}
	const char *use_key = fk;
	if (f.app_id == 0 && f.field == NULL) {
		/* A fresh upload: only its uploader may use it; attach it to the app. */
		if (f.uploader_id != r->who.user_id) {
			err_field(&r->err, fkey, FM_FILE_UNKNOWN, fk);
			return NULL;
		}
		char nk[41];
		crypto_random_token(nk, 40);
		use_key = arena_strdup(r->arena, nk);
		if (store_file_attach(st, &f, use_key, app_id, 0, "$customize", r->now, &r->err) != 0)
			return NULL;
	} else if (f.app_id != app_id || f.field == NULL || strcmp(f.field, "$customize") != 0) {
		err_field(&r->err, fkey, FM_FILE_UNKNOWN, fk);
		return NULL;
	}
	if (f.size > CU_FILE_MAX) {
		err_field(&r->err, fkey, FM_TOO_LONG, "10 MiB");
		return NULL;
	}
	/* Every pinned file gets its review record, so that switching the rule on later
	 * finds them waiting; reviewers are asked only while the rule is on. */
	struct cu_review rv;
	bool created;
	if (store_cu_review_ensure(st, r->arena, app_id, f.sha256, f.name, f.uploader_id, r->now, &rv,
				   &created, &r->err) != 0)
		return NULL;
	if (created && customize_review_on() && notify_reviewers(r, &rv, app_id) != 0)
		return NULL;
	char size[24];
	snprintf(size, sizeof size, "%lld", (long long)f.size);
	return json_pack("{s:s,s:{s:s,s:s,s:s,s:s,s:s}}", "type", "FILE", "file", "fileKey", use_key,
			 "name", f.name, "contentType", f.content_type, "size", size, "sha256", f.sha256);
}

int h_preview_customize_put(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t app_id, rev;
	const char *scope, *old_scope, *old_text;
	if (param_id(r, r->params, "app", &app_id) != 0 ||
	    param_str(r, r->params, "scope", NULL, &scope) != 0)
		return -1;
	if (scope && strcmp(scope, "ALL") != 0 && strcmp(scope, "ADMIN") != 0 && strcmp(scope, "NONE") != 0)
		return err_field(&r->err, "scope", FM_ENUM, "ALL, ADMIN, NONE");
	json_t *jrev = json_object_get(r->params, "revision");
	if (jrev != NULL && !json_is_null(jrev)) {
		struct app_row row;
		int64_t expect;
		if (!json_to_i64(jrev, &expect))
			return err_field(&r->err, "revision", FM_INTEGER, NULL);
		if (store_app_get(st, r->arena, app_id, &row, &r->err) != 0)
			return -1;
		if (expect != -1 && expect != row.preview_revision)
			return err_set(&r->err, E_APP_REVISION, NULL);
	}
	audit_app(r, app_id);
	if (store_customize_get(st, r->arena, app_id, "preview", &old_scope, &old_text, &r->err) != 0)
		return -1;
	json_t *body = json_loads(old_text, 0, NULL);
	if (body == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	int rc = 0;
	for (size_t p = 0; p < 2 && rc == 0; p++) {
		json_t *plat = json_object_get(r->params, platforms[p]);
		if (plat == NULL || json_is_null(plat))
			continue;
		if (!json_is_object(plat)) {
			rc = err_field(&r->err, platforms[p], FM_TYPE, "object");
			break;
		}
		json_t *out = json_object();
		for (size_t k = 0; k < 2 && rc == 0; k++) {
			json_t *list = json_object_get(plat, kinds[k]), *it;
			json_t *stored = json_array();
			size_t i;
			char key[64];
			snprintf(key, sizeof key, "%s.%s", platforms[p], kinds[k]);
			if (list != NULL && !json_is_array(list))
				rc = err_field(&r->err, key, FM_TYPE, "array");
			else if (json_array_size(list) > CU_ITEMS_MAX)
				rc = err_field(&r->err, key, FM_TOO_MANY, "30");
			json_array_foreach(list, i, it) {
				if (rc != 0)
					break;
				char ik[96];
				snprintf(ik, sizeof ik, "%s[%zu]", key, i);
				json_t *one = one_item(r, app_id, it, ik);
				if (one == NULL)
					rc = -1;
				else
					json_array_append_new(stored, one);
			}
			json_object_set_new(out, kinds[k], stored);
		}
		json_object_set_new(body, platforms[p], out);
	}
	char *text = rc == 0 ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (rc != 0)
		return -1;
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	rc = store_customize_put(st, app_id, scope ? scope : old_scope, text, &rev, &r->err);
	free(text);
	if (rc != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "revision", rev);
	jsonw_obj_end(&s->w);
	return 0;
}

/* ---- reviews --------------------------------------------------------------------- */

int h_customize_reviews_get(struct req *r, struct res *s)
{
	const char *status;
	int64_t app = 0;
	struct cu_review *list;
	size_t n;
	if (param_str(r, r->params, "status", "", &status) != 0 ||
	    param_int(r, r->params, "app", 0, &app) != 0)
		return -1;
	if (store_cu_review_list(store_thread(), r->arena, status, app, &list, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "reviews");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", list[i].id);
		jsonw_kint_str(&s->w, "app", list[i].app_id);
		jsonw_kstr(&s->w, "appName", list[i].app_name);
		jsonw_kstr(&s->w, "name", list[i].name);
		jsonw_kstr(&s->w, "sha256", list[i].sha256);
		jsonw_kstr(&s->w, "author", list[i].author_code);
		jsonw_kstr(&s->w, "status", list[i].status);
		jsonw_kstr(&s->w, "reviewer", list[i].reviewer_code);
		jsonw_kstr(&s->w, "comment", list[i].comment);
		jsonw_kint_str(&s->w, "createdAt", list[i].created_at);
		jsonw_kint_str(&s->w, "decidedAt", list[i].decided_at);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_customize_review(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	bool approve;
	const char *comment;
	struct cu_review rv;
	if (param_decision(r, &id, &approve, &comment) != 0)
		return -1;
	if (store_cu_review_get(st, r->arena, id, &rv, &r->err) != 0)
		return -1;
	audit_app(r, rv.app_id);
	if (rv.author_id == r->who.user_id)
		return err_set(&r->err, E_REVIEW_OWN, NULL);
	if (strcmp(rv.status, "pending") != 0)
		return err_set(&r->err, E_REVIEW_DONE, "%s", rv.status);
	const char *status = approve ? "approved" : "refused";
	if (store_cu_review_decide(st, id, status, r->who.user_id, comment, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "customize.review", id, r->now, &r->err) != 0)
		return -1;
	const char *subject = arena_printf(r->arena, approve
		? "カスタマイズが承認されました / Your customisation was approved: %s"
		: "カスタマイズが却下されました / Your customisation was refused: %s", rv.name);
	if (store_inbox_add(st, rv.author_id, "customize.decision", id, subject, "{}", r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "status", status);
	jsonw_obj_end(&s->w);
	return 0;
}

/* ---- what a record page loads ---------------------------------------------------- */

/* Adds one file to the list. */
static void add_file(struct req *r, struct cu_active *l, const char *kind, const char *name,
		     const char *sha, int64_t plugin)
{
	l->files = arena_room(r->arena, l->files, l->n, &l->cap, sizeof *l->files);
	struct cu_file *f = &l->files[l->n++];
	f->kind = kind && strcmp(kind, "css") == 0 ? "css" : "js";	/* static: kind may be freed */
	f->name = arena_strdup(r->arena, name ? name : "");
	f->sha256 = arena_strdup(r->arena, sha ? sha : "");
	f->plugin_id = plugin;
}

int customize_active(struct req *r, const struct app_ctx *c, struct cu_active *out)
{
	struct store *st = store_thread();
	memset(out, 0, sizeof *out);
	if (plugins_active(r, c->id, out) != 0)
		return -1;
	const char *scope, *text;
	if (store_customize_get(st, r->arena, c->id, "live", &scope, &text, &r->err) != 0)
		return -1;
	bool manager = r->who.admin || (appctx_rights(c, &r->who) & RIGHT_MANAGE);
	if (strcmp(scope, "NONE") == 0 || (strcmp(scope, "ADMIN") == 0 && !manager))
		return 0;
	json_t *body = json_loads(text, 0, NULL);
	bool review = customize_review_on();
	for (size_t k = 0; k < 2; k++) {
		json_t *list = json_object_get(json_object_get(body, "desktop"), kinds[k]), *it;
		size_t i;
		json_array_foreach(list, i, it) {
			json_t *f = json_object_get(it, "file");
			const char *sha = json_string_value(json_object_get(f, "sha256"));
			if (sha == NULL)
				continue;	/* URL items are never loaded (the CSP allows only this server) */
			if (review) {
				struct cu_review rv;
				int rc = store_cu_review_find(st, r->arena, c->id, sha, &rv, &r->err);
				if (rc < 0) {
					json_decref(body);
					return -1;
				}
				if (rc == 0 || strcmp(rv.status, "approved") != 0)
					continue;
			}
			add_file(r, out, kinds[k], json_string_value(json_object_get(f, "name")), sha, 0);
		}
	}
	json_decref(body);
	return 0;
}

void customize_add_file(struct req *r, struct cu_active *l, const char *kind, const char *name,
			const char *sha256, int64_t plugin_id)
{
	add_file(r, l, kind, name, sha256, plugin_id);
}

int h_app_extensions(struct req *r, struct res *s)
{
	struct cu_active l;
	if (customize_active(r, r->app, &l) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "review", customize_review_on());
	for (size_t k = 0; k < 2; k++) {
		jsonw_key(&s->w, kinds[k]);
		jsonw_arr(&s->w);
		for (size_t i = 0; i < l.n; i++) {
			if (strcmp(l.files[i].kind, kinds[k]) != 0)
				continue;
			jsonw_obj(&s->w);
			jsonw_kstr(&s->w, "name", l.files[i].name);
			jsonw_kstr(&s->w, "sha256", l.files[i].sha256);
			jsonw_kstr(&s->w, "source", l.files[i].plugin_id ? "plugin" : "customize");
			if (l.files[i].plugin_id)
				jsonw_kint_str(&s->w, "plugin", l.files[i].plugin_id);
			jsonw_kstr(&s->w, "url", arena_printf(r->arena, "/api/app/customize/file?app=%lld&sha256=%s",
							      (long long)r->app->id, l.files[i].sha256));
			jsonw_obj_end(&s->w);
		}
		jsonw_arr_end(&s->w);
	}
	jsonw_obj_end(&s->w);
	return 0;
}

/* Reads a whole blob (at most CU_FILE_MAX bytes) into b; -1 with r->err on failure. */
static int read_blob(struct req *r, const char *sha, struct buf *b)
{
	char path[800];
	snprintf(path, sizeof path, "%s/files/%.2s/%s", store_data_dir(), sha, sha);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("customisation file %s is missing from the data directory", sha);
		return err_set(&r->err, E_STORAGE, NULL);
	}
	char chunk[16384];
	ssize_t k;
	size_t total = 0;
	while ((k = read(fd, chunk, sizeof chunk)) > 0) {
		total += (size_t)k;
		if (total > CU_FILE_MAX) {
			close(fd);
			return err_set(&r->err, E_CU_HASH, "%.12s", sha);
		}
		buf_put(b, chunk, (size_t)k);
	}
	close(fd);
	return k < 0 ? err_set(&r->err, E_STORAGE, NULL) : 0;
}

/* Reads blob sha into b and checks it still has that hash; -1 with E_CU_HASH (logged) if not. */
static int read_checked(struct req *r, const char *sha, const char *name, int64_t app_id, struct buf *b)
{
	if (read_blob(r, sha, b) != 0)
		return -1;
	/* The pinned hash is checked on every serve: changed bytes are never run. */
	struct crypto_sha256 h;
	char hex[65];
	crypto_sha256_init(&h);
	crypto_sha256_update(&h, b->data ? b->data : "", b->len);
	crypto_sha256_final(&h, hex);
	if (strcmp(hex, sha) == 0)
		return 0;
	log_error("customisation %s of app %lld no longer matches its pinned hash (now %s): refused",
		  sha, (long long)app_id, hex);
	return err_set(&r->err, E_CU_HASH, "%s", name);
}

int h_customize_source(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *sha, *name = NULL;
	int64_t review = 0, plugin = 0, app_id = 0;
	if (param_str(r, r->params, "sha256", "", &sha) != 0 ||
	    param_int(r, r->params, "review", 0, &review) != 0 ||
	    param_int(r, r->params, "plugin", 0, &plugin) != 0)
		return -1;
	if (review > 0) {
		struct cu_review rv;
		if (store_cu_review_get(st, r->arena, review, &rv, &r->err) != 0)
			return -1;
		if (strcmp(rv.sha256, sha) == 0)
			name = rv.name;
		app_id = rv.app_id;
		audit_app(r, app_id);
	} else if (plugin > 0) {
		struct cu_active l = {0};
		struct cu_plugin p;
		if (store_plugin_get(st, r->arena, plugin, &p, &r->err) != 0)
			return -1;
		json_t *files = json_loads(p.files, 0, NULL), *f;
		size_t k;
		json_array_foreach(files, k, f)
			customize_add_file(r, &l, "js", json_string_value(json_object_get(f, "name")),
					   json_string_value(json_object_get(f, "sha256")), p.id);
		json_decref(files);
		for (size_t i = 0; i < l.n && name == NULL; i++)
			if (strcmp(l.files[i].sha256, sha) == 0)
				name = l.files[i].name;
	} else {
		return err_field(&r->err, "review", FM_REQUIRED_PARAM, NULL);
	}
	if (name == NULL)
		return err_field(&r->err, "sha256", FM_INVALID, NULL);
	struct buf b;
	buf_init(&b, 0);
	if (read_checked(r, sha, name, app_id, &b) != 0) {
		buf_free(&b);
		return -1;
	}
	buf_put(&s->body, b.data ? b.data : "", b.len);
	buf_free(&b);
	s->content_type = "text/plain; charset=utf-8";	/* shown to read, never run */
	return 0;
}

int h_customize_file(struct req *r, struct res *s)
{
	const char *sha;
	struct cu_active l;
	if (param_str(r, r->params, "sha256", "", &sha) != 0)
		return -1;
	if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return err_field(&r->err, "sha256", FM_INVALID, NULL);
	if (customize_active(r, r->app, &l) != 0)
		return -1;
	const struct cu_file *f = NULL;
	for (size_t i = 0; i < l.n && f == NULL; i++)
		if (strcmp(l.files[i].sha256, sha) == 0)
			f = &l.files[i];
	if (f == NULL)
		return err_set(&r->err, E_CU_INACTIVE, "%.12s", sha);
	struct buf b;
	buf_init(&b, 0);
	if (read_checked(r, sha, f->name, r->app->id, &b) != 0) {
		buf_free(&b);
		return -1;
	}
	buf_put(&s->body, (b.data ? b.data : ""), b.len);
	buf_free(&b);
	s->content_type = strcmp(f->kind, "css") == 0 ? "text/css; charset=utf-8"
						      : "text/javascript; charset=utf-8";
	res_header(s, "Cache-Control", "no-cache");
	return 0;
}
