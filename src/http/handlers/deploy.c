/*
 * deploy: publishing preview forms (preview/app/deploy.json). A deployment migrates
 * the app's tables and copies the preview to live in one transaction for all the apps
 * of the request: either every app is deployed or none is. A deployment that fails
 * (data that breaks a new constraint) is reported through the deploy status as FAIL,
 * with the reason, and changes nothing. Deployment runs to its end inside the
 * request, so a status is never left at PROCESSING.
 */
#include "http/handlers/handlers.h"
#include "core/log.h"
#include "fields/property.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/preview.h"
#include "http/params.h"
#include "http/respond.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/customize.h"

#include <stdio.h>
#include <string.h>

enum { DEPLOY_MAX = 300 };

/* The manage right on one app (deployed or still a draft). */
static int require_manage(struct req *r, int64_t app_id)
{
	const struct app_ctx *c;
	if (appctx_get(r, app_id, &c) == 0)
		return dispatch_require(r, c, RIGHT_MANAGE);
	if (r->err.code == E_APP_NOT_DEPLOYED)
		return dispatch_require_draft(r, app_id);
	return -1;
}

/* Builds the schema of one stage of an app, or NULL for a stage that does not exist. */
static struct schema *stage_schema(struct req *r, int64_t app_id, const char *stage,
				   int64_t rev, const char *code, struct preview *p)
{
	if (preview_load(r, app_id, stage, p) != 0)
		return NULL;
	return schema_build(p->props, p->layout, app_id, rev, code, &r->err);
}

/*
 * Without the lifecycle rule (policy apps.lifecycle off) deploying is publishing, as in
 * kintone: a draft app is in use from its first deploy. With the rule, only the
 * approval route moves an app to published (docs/LIFECYCLE.md).
 */
static int publish_without_lifecycle(struct req *r, struct store *st, int64_t app_id)
{
	struct app_gov g;
	if (policy_bool("apps.lifecycle"))
		return 0;
	if (store_app_gov_get(st, r->arena, app_id, &g, &r->err) != 0)
		return -1;
	if (g.state == APP_PUBLISHED || g.state == APP_END_REQUESTED || g.state == APP_CLOSED)
		return 0;
	return store_app_set_state(st, app_id, APP_PUBLISHED, (int64_t)r->now, &r->err);
}

/* Deploys one app; on a data problem fills r->err and returns -1. */
static int deploy_one(struct req *r, struct store *st, int64_t app_id)
{
	struct preview pv, lv = {0};
	struct schema *to, *from = NULL;
	struct app_row row;
	if (store_app_get(st, r->arena, app_id, &row, &r->err) != 0)
		return -1;
	to = stage_schema(r, app_id, "preview", row.preview_revision, row.code, &pv);
	if (to == NULL)
		return -1;
	if (row.live_revision > 0) {
		from = stage_schema(r, app_id, "live", row.live_revision, row.code, &lv);
		if (from == NULL) {
			schema_free(to);
			preview_free(&pv);
			return -1;
		}
	}
	int rc = store_app_migrate(st, from, to, &r->err);
	if (rc == 0) {
		const char *name = json_string_value(json_object_get(pv.settings, "name"));
		const char *desc = json_string_value(json_object_get(pv.settings, "description"));
		rc = store_app_publish(st, app_id, name ? name : row.name, desc ? desc : "",
				       row.preview_revision, &r->err);
	}
	if (rc == 0)
		rc = publish_without_lifecycle(r, st, app_id);
	if (rc == 0)	/* the JS/CSS customisation goes live with the form */
		rc = store_customize_publish(st, app_id, &r->err);
	schema_free(to);
	schema_free(from);
	preview_free(&pv);
	preview_free(&lv);
	return rc;
}

int h_deploy(struct req *r, struct res *s)
{
	json_t *apps = json_object_get(r->params, "apps");
	bool revert;
	struct store *st = store_thread();
	if (param_bool(r, r->params, "revert", false, &revert) != 0)
		return -1;
	if (!json_is_array(apps) || json_array_size(apps) == 0)
		return err_field(&r->err, "apps", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(apps) > DEPLOY_MAX)
		return err_field(&r->err, "apps", FM_TOO_MANY, "300");
	size_t n = json_array_size(apps);
	int64_t *ids = arena_alloc(r->arena, n * sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(apps, i);
		char key[32];
		int64_t expect;
		snprintf(key, sizeof key, "apps[%zu].app", i);
		if (!json_is_object(a) || !json_to_i64(json_object_get(a, "app"), &ids[i]) || ids[i] < 1)
			return err_field(&r->err, key, FM_REQUIRED_PARAM, NULL);
		if (require_manage(r, ids[i]) != 0)
			return -1;
		json_t *rev = json_object_get(a, "revision");
		if (rev != NULL && !json_is_null(rev)) {
			struct app_row row;
			if (!json_to_i64(rev, &expect))
				return err_field(&r->err, "revision", FM_INTEGER, NULL);
			if (store_app_get(st, r->arena, ids[i], &row, &r->err) != 0)
				return -1;
			if (expect != -1 && expect != row.preview_revision)
				return err_set(&r->err, E_APP_REVISION, NULL);
		}
	}
	audit_app(r, ids[0]);
	if (store_begin(st, &r->err) != 0)	/* a savepoint inside the request's transaction */
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = !revert ? deploy_one(r, st, ids[i])
		     : store_app_revert(st, ids[i], &r->err) != 0 ||
				       store_customize_revert(st, ids[i], &r->err) != 0 ? -1 : 0;
	const char *status = "SUCCESS", *message = "";
	if (rc != 0) {
		store_rollback(st);
		if (r->err.code == E_BUSY || r->err.code == E_STORAGE)
			return -1;
		status = "FAIL";
		message = respond_err_pack(r->arena, &r->err);	/* shown in each reader's language */
		log_warn("deploy of app %lld failed (%s)", (long long)ids[0], err_table(r->err.code)->kcode);
		err_init(&r->err, r->arena);
	} else if (store_commit(st, &r->err) != 0) {
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (store_app_deploy_status(st, ids[i], status, message, &r->err) != 0)
			return -1;
	appctx_cache_clear();
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_deploy_status(struct req *r, struct res *s)
{
	json_t *apps = json_object_get(r->params, "apps");
	struct store *st = store_thread();
	if (!json_is_array(apps) || json_array_size(apps) == 0)
		return err_field(&r->err, "apps", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(apps) > DEPLOY_MAX)
		return err_field(&r->err, "apps", FM_TOO_MANY, "300");
	size_t n = json_array_size(apps);
	struct app_row *rows = arena_alloc(r->arena, n * sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		char key[32];
		snprintf(key, sizeof key, "apps[%zu]", i);
		if (!json_to_i64(json_array_get(apps, i), &id) || id < 1)
			return err_field(&r->err, key, FM_INTEGER, NULL);
		if (require_manage(r, id) != 0 || store_app_get(st, r->arena, id, &rows[i], &r->err) != 0)
			return -1;
	}
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "apps");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		const char *status = rows[i].deploy_status;
		if (status == NULL || *status == '\0')
			status = "SUCCESS";
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "app", rows[i].id);
		jsonw_kstr(&s->w, "status", status);
		struct err why;
		err_init(&why, r->arena);
		if (strcmp(status, "FAIL") == 0 && rows[i].deploy_message &&
		    respond_err_unpack(rows[i].deploy_message, &why) == 0) {
			/* daicho's addition: why it failed, as the error object the deploy met,
			 * in the language of this request. */
			struct err saved = r->err;
			r->err = why;
			jsonw_key(&s->w, "error");
			respond_error_object(r, &s->w);
			r->err = saved;
		}
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
