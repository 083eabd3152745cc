/*
 * users: looking users up (any signed-in user: code and name, for pickers and
 * mentions) and the administrators' API for accounts and API tokens.
 */
#include "http/handlers/handlers.h"
#include "store/ledger.h"
#include "auth/accounts.h"
#include "core/timeutil.h"
#include "rules/roles.h"
#include "http/params.h"
#include "http/handlers/extensions.h"
#include "store/apps.h"
#include "store/inbox.h"
#include "store/org.h"
#include "store/tokens.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

static void time_str(int64_t t, char *out)
{
	time_fmt_utc((time_t)t, out);
}

int h_users_lookup(struct req *r, struct res *s)
{
	json_t *codes = json_object_get(r->params, "codes");
	struct user *all;
	size_t n;
	if (json_array_size(codes) > 100)
		return err_field(&r->err, "codes", FM_TOO_MANY, "100");
	if (store_user_list(store_thread(), r->arena, 0, 100000, &all, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "users");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		if (!all[i].active)
			continue;
		bool want = json_array_size(codes) == 0;
		size_t k;
		json_t *c;
		json_array_foreach(codes, k, c)
			if (json_is_string(c) && strcmp(json_string_value(c), all[i].code) == 0)
				want = true;
		if (!want)
			continue;
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "code", all[i].code);
		jsonw_kstr(&s->w, "name", all[i].name);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The code of section id among units (n of them), "" when none. */
static const char *section_code(const struct org_unit *units, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (units[i].id == id)
			return units[i].code;
	return "";
}

static void user_json(struct jsonw *w, const struct user *u, int64_t now, const char *section)
{
	char t[21];
	jsonw_obj(w);
	jsonw_kint_str(w, "id", u->id);
	jsonw_kstr(w, "code", u->code);
	jsonw_kstr(w, "name", u->name);
	jsonw_kstr(w, "email", u->email);
	jsonw_kbool(w, "admin", (u->roles & ROLE_ANY_ADMIN) != 0);
	jsonw_key(w, "roles");
	jsonw_arr(w);
	for (int i = 0; i < ROLE_COUNT; i++)
		if (u->roles & (1u << i))
			jsonw_str(w, role_name(i));
	jsonw_arr_end(w);
	jsonw_kstr(w, "section", section);
	jsonw_kbool(w, "active", u->active);
	jsonw_kbool(w, "canCreateApps", u->can_create_apps);
	jsonw_kbool(w, "locked", u->locked_until > now);
	if (!u->active) {
		jsonw_key(w, "suspension");
		jsonw_obj(w);
		jsonw_kstr(w, "reason", u->suspended_reason);
		jsonw_kstr(w, "by", u->suspended_by);
		time_str(u->suspended_at, t);
		jsonw_kstr(w, "at", t);
		jsonw_obj_end(w);
	}
	jsonw_kbool(w, "mustChangePassword", accounts_must_change_password(u, now));
	jsonw_kbool(w, "totp", u->totp_secret && *u->totp_secret);
	time_str(u->created_at, t);
	jsonw_kstr(w, "createdAt", t);
	time_str(u->password_changed_at, t);
	jsonw_kstr(w, "passwordChangedAt", t);
	jsonw_obj_end(w);
}

int h_admin_users_get(struct req *r, struct res *s)
{
	int64_t offset, limit;
	struct user *users;
	size_t n;
	if (param_int(r, r->params, "offset", 0, &offset) != 0 ||
	    param_int(r, r->params, "limit", 100, &limit) != 0)
		return -1;
	if (offset < 0 || limit < 1 || limit > 500)
		return err_field(&r->err, limit < 1 || limit > 500 ? "limit" : "offset", FM_INVALID, NULL);
	struct org_unit *units;
	size_t nunits;
	if (store_user_list(store_thread(), r->arena, offset, limit, &users, &n, &r->err) != 0 ||
	    store_org_list(store_thread(), r->arena, &units, &nunits, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "users");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		user_json(&s->w, &users[i], r->now, section_code(units, nunits, users[i].section_id));
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/*
 * Reads the optional roles of a user into u: "roles" (names), or the older "admin"
 * flag, which means the three administrator roles.
 */
static int user_roles(struct req *r, struct user *u)
{
	json_t *names = json_object_get(r->params, "roles");
	if (names != NULL) {
		if (!json_is_array(names))
			return err_field(&r->err, "roles", FM_INVALID, NULL);
		unsigned roles = 0;
		size_t i;
		json_t *v;
		json_array_foreach(names, i, v) {
			unsigned bit = json_is_string(v) ? role_parse(json_string_value(v)) : 0;
			if (bit == 0)
				return err_field(&r->err, arena_printf(r->arena, "roles[%zu]", i),
						 FM_INVALID, NULL);
			roles |= bit;
		}
		u->roles = roles;
		return 0;
	}
	bool admin = (u->roles & ROLE_ANY_ADMIN) != 0;
	if (param_bool(r, r->params, "admin", admin, &admin) != 0)
		return -1;
	if (admin && !(u->roles & ROLE_ANY_ADMIN))
		u->roles |= ROLE_ANY_ADMIN;
	else if (!admin)
		u->roles &= ~(unsigned)ROLE_ANY_ADMIN;
	return 0;
}

/* Reads the optional flags and roles of a user into u. */
static int user_flags(struct req *r, struct user *u)
{
	return user_roles(r, u) != 0 ||
	       param_bool(r, r->params, "active", u->active, &u->active) != 0 ||
	       param_bool(r, r->params, "canCreateApps", u->can_create_apps, &u->can_create_apps) != 0
		       ? -1 : 0;
}

int h_admin_users_add(struct req *r, struct res *s)
{
	struct user u = {0};
	const char *password;
	u.can_create_apps = true;
	u.active = true;
	if (param_str(r, r->params, "code", NULL, &u.code) != 0 ||
	    param_str(r, r->params, "name", NULL, &u.name) != 0 ||
	    param_str(r, r->params, "email", "", &u.email) != 0 ||
	    param_str(r, r->params, "password", NULL, &password) != 0 || user_flags(r, &u) != 0 ||
	    org_section_param(r, &u, true) != 0)
		return -1;
	if (accounts_create(store_thread(), &u, password, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", u.id);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The user named by the "code" parameter. */
static int target_user(struct req *r, struct user *u)
{
	const char *code;
	if (param_str(r, r->params, "code", NULL, &code) != 0)
		return -1;
	if (code == NULL)
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (store_user_by_code(store_thread(), r->arena, code, u, &r->err) != 0)
		return -1;
	audit_id(r, u->id);	/* the access log names the account acted on */
	return 0;
}

int h_admin_users_update(struct req *r, struct res *s)
{
	struct user u;
	const char *reason;
	struct store *st = store_thread();
	if (target_user(r, &u) != 0)
		return -1;
	bool was_active = u.active;
	int64_t was_section = u.section_id;
	if (param_str(r, r->params, "name", u.name, &u.name) != 0 ||
	    param_str(r, r->params, "email", u.email, &u.email) != 0 || user_flags(r, &u) != 0 ||
	    org_section_param(r, &u, false) != 0 ||
	    param_str(r, r->params, "reason", NULL, &reason) != 0)
		return -1;
	bool want_active = u.active;
	if (u.id == r->who.user_id && (!(u.roles & ROLE_ACCOUNT_ADMIN) || !u.active))
		return err_field(&r->err, u.active ? "roles" : "active", FM_TEXT,
				 r->lang == LANG_JA
					 ? "自分自身の管理者権限の削除やアカウント停止はできません。"
					 : "You cannot remove your own administrator right or suspend yourself.");
	/* "active" changes only through the suspension rule (reason, sessions, tokens). */
	if (was_active && !want_active && (reason == NULL || *reason == '\0'))
		return err_set(&r->err, E_USE_SUSPEND, NULL);
	u.active = was_active;
	/* A change of section is a move: their apps wait for hand-over (Abiko §9(2)); the
	 * head of the section they leave is told, so it runs before the change. */
	size_t queued;
	if (was_section != 0 && u.section_id != was_section &&
	    store_handover_open(st, r->arena, u.id, "moved", r->now, &queued, &r->err) != 0)
		return -1;
	if (accounts_update(st, &u, &r->err) != 0)
		return -1;
	if (was_active && !want_active &&
	    accounts_suspend(st, &u, reason, r->who.user_code, r->now, &r->err) != 0)
		return -1;
	if (!was_active && want_active && accounts_resume(st, &u, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_user_suspend(struct req *r, struct res *s)
{
	struct user u;
	const char *reason;
	if (target_user(r, &u) != 0 || param_str(r, r->params, "reason", NULL, &reason) != 0)
		return -1;
	if (reason == NULL || *reason == '\0')
		return err_field(&r->err, "reason", FM_REQUIRED_PARAM, NULL);
	if (u.id == r->who.user_id)
		return err_field(&r->err, "code", FM_TEXT,
				 r->lang == LANG_JA ? "自分自身のアカウントは停止できません。"
						    : "You cannot suspend yourself.");
	if (accounts_suspend(store_thread(), &u, reason, r->who.user_code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_user_resume(struct req *r, struct res *s)
{
	struct user u;
	if (target_user(r, &u) != 0 || accounts_resume(store_thread(), &u, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_user_totp_reset(struct req *r, struct res *s)
{
	struct user u;
	if (target_user(r, &u) != 0 || accounts_totp_disable(store_thread(), &u, NULL, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_user_unlock(struct req *r, struct res *s)
{
	struct user u;
	if (target_user(r, &u) != 0 ||
	    store_user_login_result(store_thread(), u.id, 0, 0, 0, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_password_reset(struct req *r, struct res *s)
{
	struct user u;
	const char *password;
	if (target_user(r, &u) != 0 || param_str(r, r->params, "password", NULL, &password) != 0)
		return -1;
	if (accounts_set_password(store_thread(), &u, password, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} token_rights[] = {
	{"viewRecord", RIGHT_VIEW}, {"addRecord", RIGHT_ADD}, {"editRecord", RIGHT_EDIT},
	{"deleteRecord", RIGHT_DELETE}, {"editApp", RIGHT_MANAGE},
};

int h_admin_tokens_get(struct req *r, struct res *s)
{
	int64_t app;
	struct api_token *t;
	size_t n;
	char when[21];
	if (param_int(r, r->params, "app", 0, &app) != 0)
		return -1;
	if (store_token_list(store_thread(), r->arena, app, &t, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "tokens");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", t[i].id);
		jsonw_kint_str(&s->w, "app", t[i].app_id);
		jsonw_kstr(&s->w, "hint", t[i].hint);
		jsonw_kstr(&s->w, "owner", t[i].owner_code);
		jsonw_kstr(&s->w, "description", t[i].description);
		for (size_t k = 0; k < sizeof token_rights / sizeof token_rights[0]; k++)
			jsonw_kbool(&s->w, token_rights[k].name, (t[i].rights & token_rights[k].bit) != 0);
		jsonw_kbool(&s->w, "revoked", t[i].revoked_at != 0);
		ext_token_review_out(r, &s->w, &t[i]);
		time_str(t[i].created_at, when);
		jsonw_kstr(&s->w, "createdAt", when);
		if (t[i].last_used_at) {
			time_str(t[i].last_used_at, when);
			jsonw_kstr(&s->w, "lastUsedAt", when);
		} else {
			jsonw_knull(&s->w, "lastUsedAt");
		}
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_tokens_add(struct req *r, struct res *s)
{
	int64_t app;
	const char *owner_code, *desc, *purpose, *expires;
	struct app_row row;
	struct user owner;
	struct store *st = store_thread();
	if (param_id(r, r->params, "app", &app) != 0 ||
	    param_str(r, r->params, "owner", r->who.user_code, &owner_code) != 0 ||
	    param_str(r, r->params, "description", "", &desc) != 0 ||
	    param_str(r, r->params, "purpose", "", &purpose) != 0 ||
	    param_str(r, r->params, "expiresAt", "", &expires) != 0)
		return -1;
	if (*purpose)
		desc = purpose;	/* "purpose" names the description under review (Abiko §10) */
	if (store_app_get(st, r->arena, app, &row, &r->err) != 0)
		return -1;
	if (store_user_by_code(st, r->arena, owner_code, &owner, &r->err) != 0)
		return err_field(&r->err, "owner", FM_USER_UNKNOWN, owner_code);
	unsigned rights = 0;
	for (size_t k = 0; k < sizeof token_rights / sizeof token_rights[0]; k++) {
		bool b;
		if (param_bool(r, r->params, token_rights[k].name, false, &b) != 0)
			return -1;
		if (b)
			rights |= token_rights[k].bit;
	}
	if (rights == 0)
		return err_field(&r->err, "viewRecord", FM_REQUIRED_PARAM, NULL);
	if (strlen(desc) > 1000)
		return err_field(&r->err, "description", FM_TOO_LONG, "1000");
	struct api_token t;
	memset(&t, 0, sizeof t);
	if (*expires) {
		time_t at;
		if (!time_parse_datetime(expires, &at))
			return err_field(&r->err, "expiresAt", FM_DATETIME, NULL);
		if (at <= r->now)
			return err_field(&r->err, "expiresAt", FM_INVALID, NULL);
		t.expires_at = at;
	}
	if (ext_token_check(r, app, &owner, rights, desc) != 0)
		return -1;
	char token[41];
	t.app_id = app;
	t.owner_id = owner.id;
	t.rights = rights;
	t.description = desc;
	t.created_by = r->who.user_id;
	if (accounts_token_create(st, r->now, token, &t, &r->err) != 0 ||
	    ext_token_created(r, &t, owner.code, row.name) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", t.id);
	jsonw_kstr(&s->w, "token", token);
	jsonw_kstr(&s->w, "state", t.state);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_tokens_delete(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_token_revoke(store_thread(), id, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(store_thread(), "token.review", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
