/*
 * plugins: the system administrator's plugin allow-list (Abiko §10, RULES.md row 11).
 *
 * A plugin is a set of JS/CSS files uploaded through file.json with its manifest given
 * in the request: name, purpose (用途), function (機能) and version. Anyone may request
 * one; a system administrator who is not the requester approves or refuses it; the
 * files are pinned by their SHA-256 when requested, so what was approved is what runs.
 * With the policy extensions.review off, a system administrator's own request is
 * approved at once (kintone: only the system administrator imports plugins). Apps
 * enable plugins only from the allow-list; their files load with the customisation.
 */
#include "http/handlers/handlers.h"
#include "http/handlers/customize.h"
#include "auth/crypto.h"
#include "core/utf8.h"
#include "http/appctx.h"
#include "http/params.h"
#include "store/customize.h"
#include "store/inbox.h"
#include "store/misc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PLUGIN_FILES_MAX = 20, PLUGIN_FILE_MAX = 10 * 1024 * 1024, PLUGINS_PER_APP = 50 };
/* "js" or "css" from a file name, or NULL. */
static const char *kind_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".js") == 0)
		return "js";
	if (dot && strcmp(dot, ".css") == 0)
		return "css";
	return NULL;
}

/* Writes one plugin as JSON. */
static void plugin_out(struct jsonw *w, const struct cu_plugin *p)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", p->id);
	jsonw_kstr(w, "name", p->name);
	jsonw_kstr(w, "purpose", p->purpose);
	jsonw_kstr(w, "function", p->function);
	jsonw_kstr(w, "version", p->version);
	jsonw_key(w, "files");
	jsonw_raw(w, p->files, strlen(p->files));
	jsonw_kstr(w, "requester", p->requester_code);
	jsonw_kint_str(w, "requestedAt", p->requested_at);
	jsonw_kstr(w, "status", p->status);
	jsonw_kstr(w, "reviewer", p->reviewer_code);
	jsonw_kstr(w, "comment", p->comment);
	jsonw_kint_str(w, "decidedAt", p->decided_at);
	jsonw_obj_end(w);
}

/* Sends every system administrator but the requester an inbox item for plugin p. */
static int notify_admins(struct req *r, const struct cu_plugin *p)
{
	struct store *st = store_thread();
	int64_t *ids;
	size_t n;
	if (store_users_with_roles(st, r->arena, ROLE_SYSTEM_ADMIN, &ids, &n, &r->err) != 0)
		return -1;
	json_t *detail = json_pack("{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}],"
				   "s:{s:s,s:s,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "許可リストに加える", "en", "Approve", "method", "POST", "path",
		"/api/admin/plugin/decide.json", "body", "id", (json_int_t)p->id, "approve", 1,
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path",
		"/api/admin/plugin/decide.json", "body", "id", (json_int_t)p->id, "approve", 0,
		"facts", "name", p->name, "purpose", p->purpose, "function", p->function,
		"version", p->version, "requester", r->who.user_code);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "プラグインの追加申請 / Plugin request: %s", p->name);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (ids[i] != p->requested_by)
			rc = store_inbox_add(st, ids[i], "plugin.request", p->id, subject, text, r->now, &r->err);
	free(text);
	return rc;
}

int h_plugin_request(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	struct cu_plugin p = {0};
	if (param_text(r, "name", NULL, 100, &p.name) != 0 ||
	    param_text(r, "purpose", NULL, 1000, &p.purpose) != 0 ||
	    param_text(r, "function", NULL, 2000, &p.function) != 0 ||
	    param_text(r, "version", "", 50, &p.version) != 0)
		return -1;
	json_t *files = json_object_get(r->params, "files"), *it;
	if (!json_is_array(files) || json_array_size(files) == 0)
		return err_field(&r->err, "files", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(files) > PLUGIN_FILES_MAX)
		return err_field(&r->err, "files", FM_TOO_MANY, "20");
	json_t *stored = json_array();
	size_t i;
	json_array_foreach(files, i, it) {
		char key[48];
		struct file_row f;
		snprintf(key, sizeof key, "files[%zu].fileKey", i);
		const char *fk = json_string_value(json_object_get(it, "fileKey"));
		const char *kind = NULL;
		if (fk == NULL || strlen(fk) > 128 || store_file_get(st, r->arena, fk, &f, &r->err) != 0 ||
		    f.app_id != 0 || f.field != NULL || f.uploader_id != r->who.user_id) {
			json_decref(stored);
			err_init(&r->err, r->arena);
			return err_field(&r->err, key, FM_FILE_UNKNOWN, fk ? fk : "");
		}
		if ((kind = kind_of(f.name)) == NULL || f.size > PLUGIN_FILE_MAX) {
			json_decref(stored);
			return err_field(&r->err, key, FM_TEXT,
					 r->lang == LANG_JA ? "プラグインのファイルは 10 MiB までの .js か .css です"
							    : "plugin files are .js or .css of at most 10 MiB");
		}
		/* Keep the content: a plugin's key is attached to no app (app 0). */
		char nk[41];
		crypto_random_token(nk, 40);
		if (store_file_attach(st, &f, nk, 0, 0, "$plugin", r->now, &r->err) != 0) {
			json_decref(stored);
			return -1;
		}
		char size[24];
		snprintf(size, sizeof size, "%lld", (long long)f.size);
		json_array_append_new(stored, json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", kind, "name", f.name,
							"sha256", f.sha256, "size", size, "fileKey", nk));
	}
	char *text = json_dumps(stored, JSON_COMPACT);
	json_decref(stored);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	p.files = arena_strdup(r->arena, text);
	free(text);
	p.requested_by = r->who.user_id;
	if (store_plugin_add(st, &p, r->now, &r->err) != 0)
		return -1;
	audit_id(r, p.id);
	if (!customize_review_on() && (r->who.roles & ROLE_SYSTEM_ADMIN)) {
		if (store_plugin_decide(st, p.id, "approved", r->who.user_id, "", r->now, &r->err) != 0)
			return -1;
		p.status = "approved";
	} else if (notify_admins(r, &p) != 0) {
		return -1;
	}
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", p.id);
	jsonw_kstr(&s->w, "status", p.status);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The plugin list: every plugin, or only the allow-list. */
static int list_out(struct req *r, struct res *s, bool approved_only)
{
	struct cu_plugin *list;
	size_t n;
	if (store_plugin_list(store_thread(), r->arena, approved_only, &list, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "plugins");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		plugin_out(&s->w, &list[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_plugins_get(struct req *r, struct res *s)
{
	return list_out(r, s, true);
}

int h_admin_plugins_get(struct req *r, struct res *s)
{
	return list_out(r, s, false);
}

int h_admin_plugin_decide(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	bool approve;
	const char *comment;
	struct cu_plugin p;
	if (param_decision(r, &id, &approve, &comment) != 0)
		return -1;
	if (store_plugin_get(st, r->arena, id, &p, &r->err) != 0)
		return -1;
	audit_id(r, id);
	if (p.requested_by == r->who.user_id)
		return err_set(&r->err, E_REVIEW_OWN, NULL);
	if (strcmp(p.status, "pending") != 0)
		return err_set(&r->err, E_REVIEW_DONE, "%s", p.status);
	const char *status = approve ? "approved" : "refused";
	if (store_plugin_decide(st, id, status, r->who.user_id, comment, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "plugin.request", id, r->now, &r->err) != 0)
		return -1;
	const char *subject = arena_printf(r->arena, approve
		? "プラグインが許可リストに加わりました / Your plugin was approved: %s"
		: "プラグインの申請が却下されました / Your plugin request was refused: %s", p.name);
	if (store_inbox_add(st, p.requested_by, "plugin.decision", id, subject, "{}", r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "status", status);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_plugin_remove(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	const char *comment;
	struct cu_plugin p;
	if (param_id(r, r->params, "id", &id) != 0 || param_text(r, "comment", "", 1000, &comment) != 0 ||
	    store_plugin_get(st, r->arena, id, &p, &r->err) != 0)
		return -1;
	audit_id(r, id);
	if (store_plugin_decide(st, id, "removed", r->who.user_id, comment, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "plugin.request", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "status", "removed");
	jsonw_obj_end(&s->w);
	return 0;
}

int h_app_plugins_get(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t *ids;
	size_t n;
	if (store_app_plugins(st, r->arena, r->app->id, &ids, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "plugins");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		struct cu_plugin p;
		if (store_plugin_get(st, r->arena, ids[i], &p, &r->err) != 0)
			return -1;
		plugin_out(&s->w, &p);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_app_plugins_put(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	json_t *list = json_object_get(r->params, "ids"), *it;
	if (!json_is_array(list))
		return err_field(&r->err, "ids", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(list) > PLUGINS_PER_APP)
		return err_field(&r->err, "ids", FM_TOO_MANY, "50");
	size_t n = json_array_size(list), i;
	int64_t *ids = arena_alloc(r->arena, (n ? n : 1) * sizeof *ids);
	json_array_foreach(list, i, it) {
		struct cu_plugin p;
		char key[32];
		snprintf(key, sizeof key, "ids[%zu]", i);
		if (!json_to_i64(it, &ids[i]) || ids[i] < 1)
			return err_field(&r->err, key, FM_INTEGER, NULL);
		if (store_plugin_get(st, r->arena, ids[i], &p, &r->err) != 0) {
			err_init(&r->err, r->arena);
			return err_set(&r->err, E_CU_NOT_ALLOWED, "%lld", (long long)ids[i]);
		}
		if (strcmp(p.status, "approved") != 0)
			return err_set(&r->err, E_CU_NOT_ALLOWED, "%s", p.name);
	}
	if (store_app_plugins_set(st, r->app->id, ids, n, r->who.user_id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int plugins_active(struct req *r, int64_t app_id, struct cu_active *out)
{
	struct store *st = store_thread();
	int64_t *ids;
	size_t n;
	if (store_app_plugins(st, r->arena, app_id, &ids, &n, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct cu_plugin p;
		if (store_plugin_get(st, r->arena, ids[i], &p, &r->err) != 0)
			return -1;
		if (strcmp(p.status, "approved") != 0)
			continue;	/* removed from the allow-list: no longer loaded */
		json_t *files = json_loads(p.files, 0, NULL), *f;
		size_t k;
		json_array_foreach(files, k, f)
			customize_add_file(r, out, json_string_value(json_object_get(f, "kind")),
					   json_string_value(json_object_get(f, "name")),
					   json_string_value(json_object_get(f, "sha256")), p.id);
		json_decref(files);
	}
	return 0;
}
