/*
 * extensions: reviewing API tokens before use (see extensions.h), and the reviewers'
 * endpoint POST /api/admin/token/review.json.
 */
#include "http/handlers/extensions.h"
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "http/appctx.h"
#include "http/params.h"
#include "rules/policy.h"
#include "rules/roles.h"
#include "store/inbox.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned bit;
} right_names[] = {
	{"viewRecord", RIGHT_VIEW}, {"addRecord", RIGHT_ADD}, {"editRecord", RIGHT_EDIT},
	{"deleteRecord", RIGHT_DELETE}, {"editApp", RIGHT_MANAGE},
};

const char *ext_rights_names(struct req *r, unsigned rights)
{
	const char *out = "";
	for (size_t k = 0; k < sizeof right_names / sizeof right_names[0]; k++)
		if (rights & right_names[k].bit)
			out = arena_printf(r->arena, "%s%s%s", out, *out ? ", " : "", right_names[k].name);
	return out;
}

int ext_token_check(struct req *r, int64_t app, const struct user *owner, unsigned rights,
		    const char *purpose)
{
	if (!policy_bool("extensions.review"))
		return 0;
	if (purpose == NULL || *purpose == '\0')
		return err_field(&r->err, "purpose", FM_REQUIRED_PARAM, NULL);
	const struct app_ctx *c;
	if (appctx_get(r, app, &c) != 0)
		return -1;
	struct identity as = {0};
	as.kind = AK_SESSION;
	as.user_id = owner->id;
	as.user_code = owner->code;
	as.roles = owner->roles;
	as.admin = owner->admin;
	unsigned extra = rights & ~appctx_rights(c, &as);
	if (extra)
		return err_set(&r->err, E_TOKEN_ABOVE_OWNER, "%s", ext_rights_names(r, extra));
	return 0;
}

int ext_reviewers(struct req *r, int64_t author, int64_t **out, size_t *n)
{
	int64_t *ids;
	size_t k;
	if (store_users_with_roles(store_thread(), r->arena, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN,
				   &ids, &k, &r->err) != 0)
		return -1;
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (ids[i] != author)
			ids[(*n)++] = ids[i];
	*out = ids;
	return 0;
}

bool ext_may_review(const struct req *r, int64_t author)
{
	return (r->who.roles & (ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN)) != 0 &&
	       r->who.user_id != author;
}

int ext_token_created(struct req *r, const struct api_token *t, const char *owner_code,
		      const char *app_name)
{
	if (strcmp(t->state, "pending") != 0)
		return 0;
	int64_t *ids;
	size_t n;
	if (ext_reviewers(r, t->created_by, &ids, &n) != 0)
		return -1;
	const char *rights = ext_rights_names(r, t->rights);
	json_t *detail = json_pack(
		"{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}],"
		"s:{s:I,s:I,s:s,s:s,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "承認する", "en", "Approve", "method", "POST", "path",
		"/api/admin/token/review.json", "body", "id", (json_int_t)t->id, "approve", 1,
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path",
		"/api/admin/token/review.json", "body", "id", (json_int_t)t->id, "approve", 0,
		"facts", "token", (json_int_t)t->id, "app", (json_int_t)t->app_id, "appName", app_name,
		"owner", owner_code, "author", r->who.user_code, "rights", rights,
		"purpose", t->description);
	const char *ja = arena_printf(r->arena, "API トークンの確認: %s（%s、%s）", app_name, owner_code,
				      rights);
	const char *en = arena_printf(r->arena, "API token to review: %s (%s, %s)", app_name,
				      owner_code, rights);
	if (detail)
		json_object_set_new(detail, "subject", json_pack("{s:s,s:s}", "ja", ja, "en", en));
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "%s / %s", ja, en);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = store_inbox_add(store_thread(), ids[i], "token.review", t->id, subject, text,
				     r->now, &r->err);
	free(text);
	return rc;
}

void ext_token_review_out(struct req *r, struct jsonw *w, const struct api_token *t)
{
	char when[21];
	jsonw_kstr(w, "state", t->state);
	jsonw_kstr(w, "purpose", t->description);
	if (t->expires_at) {
		time_fmt_utc((time_t)t->expires_at, when);
		jsonw_kstr(w, "expiresAt", when);
	} else {
		jsonw_knull(w, "expiresAt");
	}
	jsonw_kstr(w, "createdBy", t->created_by_code);
	jsonw_kstr(w, "reviewedBy", t->reviewed_by_code);
	if (t->reviewed_at) {
		time_fmt_utc((time_t)t->reviewed_at, when);
		jsonw_kstr(w, "reviewedAt", when);
	} else {
		jsonw_knull(w, "reviewedAt");
	}
	jsonw_kstr(w, "reviewComment", t->review_comment);
	jsonw_kbool(w, "canReview", strcmp(t->state, "pending") == 0 && t->revoked_at == 0 &&
					    ext_may_review(r, t->created_by));
}

int h_admin_token_review(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	bool approve;
	const char *comment;
	struct api_token t;
	if (param_decision(r, &id, &approve, &comment) != 0)
		return -1;
	if (store_token_get(st, r->arena, id, &t, &r->err) != 0)
		return -1;
	audit_app(r, t.app_id);
	if (!ext_may_review(r, t.created_by))
		return err_set(&r->err, E_REVIEW_OWN, NULL);
	if (t.revoked_at != 0)
		return err_set(&r->err, E_REVIEW_DONE, "revoked");
	if (store_token_review(st, id, approve, r->who.user_id, comment, r->now, &r->err) != 0)
		return -1;
	return ext_review_done(r, s, "token", id, t.created_by, approve, arena_printf(r->arena, approve
		? "API トークン %lld が承認されました / API token %lld was approved"
		: "API トークン %lld が却下されました / API token %lld was refused",
		(long long)id, (long long)id));
}

int ext_review_done(struct req *r, struct res *s, const char *kind, int64_t id, int64_t author,
		    bool approve, const char *subject)
{
	struct store *st = store_thread();
	if (store_inbox_done_ref(st, arena_printf(r->arena, "%s.review", kind), id, r->now, &r->err) != 0)
		return -1;
	if (author > 0 && store_inbox_add(st, author, arena_printf(r->arena, "%s.decision", kind), id,
					  subject, "{}", r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "state", approve ? "active" : "refused");
	jsonw_obj_end(&s->w);
	return 0;
}
