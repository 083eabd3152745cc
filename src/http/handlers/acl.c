/*
 * acl: app permissions in kintone's app/acl.json form. Entities: a user (USER), every
 * user (GROUP "everyone") and the app's creator (CREATOR); the first entry that matches
 * the caller decides. Organisations and other groups arrive with the organisation model.
 */
#include "http/handlers/handlers.h"
#include "http/appctx.h"
#include "http/handlers/preview.h"
#include "http/params.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const right_keys[] = {
	"appEditable", "recordViewable", "recordAddable", "recordEditable",
	"recordDeletable", "recordImportable", "recordExportable",
};

int h_acl_get(struct req *r, struct res *s)
{
	return preview_part_out(r, s, r->app->id, "live", PART_ACL);
}

int h_preview_acl_get(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "app", &id) != 0)
		return -1;
	return preview_part_out(r, s, id, "preview", PART_ACL);
}

/* Validates a rights array and returns its normalised copy. */
static json_t *normalise(struct req *r, json_t *rights)
{
	if (!json_is_array(rights)) {
		err_field(&r->err, "rights", FM_REQUIRED_PARAM, NULL);
		return NULL;
	}
	if (json_array_size(rights) > 1000) {
		err_field(&r->err, "rights", FM_TOO_MANY, "1000");
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(rights, i, x) {
		char key[64];
		json_t *ent = json_object_get(x, "entity");
		const char *type = json_string_value(json_object_get(ent, "type"));
		const char *code = json_string_value(json_object_get(ent, "code"));
		snprintf(key, sizeof key, "rights[%zu].entity", i);
		if (type == NULL) {
			err_field(&r->err, key, FM_REQUIRED_PARAM, NULL);
			goto fail;
		}
		json_t *e;
		if (strcmp(type, "USER") == 0) {
			if (code == NULL || !store_user_exists(store_thread(), code)) {
				err_field(&r->err, key, FM_USER_UNKNOWN, code ? code : "");
				goto fail;
			}
			e = json_pack("{s:s,s:s}", "type", "USER", "code", code);
		} else if (strcmp(type, "GROUP") == 0 && code && strcmp(code, "everyone") == 0) {
			e = json_pack("{s:s,s:s}", "type", "GROUP", "code", "everyone");
		} else if (strcmp(type, "CREATOR") == 0) {
			e = json_pack("{s:s,s:n}", "type", "CREATOR", "code");
		} else {
			err_field(&r->err, key, FM_UNSUPPORTED, type);
			goto fail;
		}
		json_t *o = json_pack("{s:o,s:b}", "entity", e, "includeSubs", 0);
		for (size_t k = 0; k < sizeof right_keys / sizeof right_keys[0]; k++) {
			json_t *v = json_object_get(x, right_keys[k]);
			if (v != NULL && !json_is_boolean(v)) {
				snprintf(key, sizeof key, "rights[%zu].%s", i, right_keys[k]);
				err_field(&r->err, key, FM_TYPE, "true / false");
				json_decref(o);
				goto fail;
			}
			json_object_set_new(o, right_keys[k], json_boolean(json_is_true(v)));
		}
		/* Editing, deleting or exporting records needs viewing them (adding does not:
		 * an add-only form is a kintone pattern). */
		if (!json_is_true(json_object_get(o, "recordViewable")) &&
		    (json_is_true(json_object_get(o, "recordEditable")) ||
		     json_is_true(json_object_get(o, "recordDeletable")) ||
		     json_is_true(json_object_get(o, "recordExportable")))) {
			snprintf(key, sizeof key, "rights[%zu].recordViewable", i);
			err_field(&r->err, key, FM_REQUIRED, NULL);
			json_decref(o);
			goto fail;
		}
		json_array_append_new(out, o);
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

int h_preview_acl_put(struct req *r, struct res *s)
{
	int64_t id, expect;
	struct preview p;
	if (param_id(r, r->params, "app", &id) != 0 || preview_revision_param(r, &expect) != 0)
		return -1;
	json_t *rights = normalise(r, json_object_get(r->params, "rights"));
	if (rights == NULL)
		return -1;
	if (preview_load(r, id, "preview", &p) != 0) {
		json_decref(rights);
		return -1;
	}
	json_decref(p.acl);
	p.acl = rights;
	int64_t rev;
	int rc = preview_save(r, &p, expect, &rev);
	if (rc == 0)
		revision_out(s, rev);
	preview_free(&p);
	return rc;
}
