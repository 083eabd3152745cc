/*
 * session: signing in and out of the browser UI (daicho's /api/session.json) and
 * changing one's own password. The session id travels only in an HttpOnly,
 * SameSite=Strict cookie; every change made with a session must also carry the CSRF
 * token returned here (header X-Daicho-CSRF, or __REQUEST_TOKEN__ like kintone).
 */
#include "http/handlers/handlers.h"
#include "auth/accounts.h"
#include "auth/authn.h"
#include "auth/crypto.h"
#include "auth/totp.h"
#include "http/authn.h"
#include "http/dispatch.h"
#include "http/gate_hours.h"
#include "http/params.h"
#include "store/incidents.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

static bool secure_cookie;

void session_configure(bool secure)
{
	secure_cookie = secure;
}

bool session_cookie_secure(void)
{
	return secure_cookie;
}

static void user_out(struct jsonw *w, const struct identity *who)
{
	jsonw_key(w, "user");
	jsonw_obj(w);
	jsonw_kstr(w, "code", who->user_code);
	jsonw_kstr(w, "name", who->user_name);
	jsonw_kbool(w, "admin", (who->roles & ROLE_ANY_ADMIN) != 0);
	jsonw_key(w, "roles");
	jsonw_arr(w);
	for (int i = 0; i < ROLE_COUNT; i++)
		if (who->roles & (1u << i))
			jsonw_str(w, role_name(i));
	jsonw_arr_end(w);
	jsonw_kbool(w, "canCreateApps", who->can_create_apps);
	/* Under the municipal password rule: the UI shows the change step first. */
	jsonw_kbool(w, "mustChangePassword", who->must_change_password);
	/* Two-factor sign-in: on for the account; the code still due; set-up required. */
	jsonw_kbool(w, "totp", who->totp_enabled);
	jsonw_kbool(w, "totpRequired", who->kind == AK_SESSION ? who->totp_pending : who->totp_enabled);
	jsonw_kbool(w, "totpEnrolRequired", who->totp_enrol_only);
	jsonw_obj_end(w);
}

int h_session_login(struct req *r, struct res *s)
{
	const char *login, *password;
	struct store *st = store_thread();
	if (param_str(r, r->params, "login", NULL, &login) != 0 ||
	    param_str(r, r->params, "password", NULL, &password) != 0)
		return -1;
	if (login == NULL || *login == '\0')
		return err_field(&r->err, "login", FM_REQUIRED_PARAM, NULL);
	if (password == NULL || *password == '\0')
		return err_field(&r->err, "password", FM_REQUIRED_PARAM, NULL);
	r->who.user_code = arena_strndup(r->arena, login, strnlen(login, 128));	/* for the log */
	if (strlen(login) > 128 || strlen(password) > 1024)
		return err_set(&r->err, E_LOGIN_FAILED, NULL);
	if (authn_password(st, r->arena, login, password, r->now, E_LOGIN_FAILED, &r->who,
			   &r->err) != 0)
		return -1;
	if (gate_hours_login(r) != 0)
		return -1;
	char cookie[44], csrf[44];
	if (store_begin(st, &r->err) != 0)
		return -1;
	if (authn_session_start(st, &r->who, r->client, r->now, cookie, csrf, &r->err) != 0 ||
	    store_commit(st, &r->err) != 0) {
		store_rollback(st);
		return -1;
	}
	r->set_cookie = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
				     SESSION_COOKIE, cookie, (long long)authn_session_max_age(),
				     secure_cookie ? "; Secure" : "");
	crypto_wipe(cookie, sizeof cookie);
	jsonw_obj(&s->w);
	r->who.totp_pending = r->who.totp_enabled;	/* the new session waits for the code */
	user_out(&s->w, &r->who);
	jsonw_kstr(&s->w, "csrfToken", csrf);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_session_get(struct req *r, struct res *s)
{
	jsonw_obj(&s->w);
	user_out(&s->w, &r->who);
	jsonw_kstr(&s->w, "auth", identity_kind_name(r->who.kind));
	if (r->who.kind == AK_SESSION)
		jsonw_kstr(&s->w, "csrfToken", r->who.csrf);
	/* What the UI must explain before a user runs into it. */
	jsonw_key(&s->w, "limits");
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "maxFileBytes", dispatch_max_file());
	jsonw_kint_str(&s->w, "maxBodyBytes", dispatch_max_body());
	jsonw_obj_end(&s->w);
	/* Protection managers handle their sections' incidents (the header menu links them). */
	bool pm = false;
	if (store_is_protection_manager_any(store_thread(), r->who.user_id, &pm, &r->err) != 0)
		return -1;
	jsonw_kbool(&s->w, "protectionManager", pm);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_session_logout(struct req *r, struct res *s)
{
	if (r->who.kind == AK_SESSION &&
	    authn_session_end(store_thread(), r->who.session_id, &r->err) != 0)
		return -1;
	r->set_cookie = arena_printf(r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
				     SESSION_COOKIE, secure_cookie ? "; Secure" : "");
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_session_password(struct req *r, struct res *s)
{
	const char *current, *next;
	struct user u;
	struct store *st = store_thread();
	if (r->who.kind == AK_TOKEN)
		return err_set(&r->err, E_TOKEN_PERMISSION, NULL);
	if (param_str(r, r->params, "currentPassword", NULL, &current) != 0 ||
	    param_str(r, r->params, "newPassword", NULL, &next) != 0)
		return -1;
	if (current == NULL)
		return err_field(&r->err, "currentPassword", FM_REQUIRED_PARAM, NULL);
	if (store_user_by_id(st, r->arena, r->who.user_id, &u, &r->err) != 0)
		return -1;
	if (!crypto_password_verify(u.password_hash, current))
		return err_field(&r->err, "currentPassword", FM_PASSWORD_WRONG, NULL);
	if (accounts_set_password(st, &u, next, r->now, &r->err) != 0)
		return -1;
	/* Every session ended, this one too: start a fresh one for the browser. */
	if (r->who.kind == AK_SESSION) {
		char cookie[44], csrf[44];
		if (authn_session_start(st, &r->who, r->client, r->now, cookie, csrf, &r->err) != 0)
			return -1;
		r->set_cookie = arena_printf(r->arena,
					     "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
					     SESSION_COOKIE, cookie, (long long)authn_session_max_age(),
					     secure_cookie ? "; Secure" : "");
		crypto_wipe(cookie, sizeof cookie);
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "csrfToken", csrf);
		jsonw_obj_end(&s->w);
		return 0;
	}
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/*
 * The second factor of a pending session. Like the sign-in itself the route is public
 * and checks the session here, so that a wrong code is recorded (lockout) in its own
 * transaction rather than rolled back with the request.
 */
int h_session_totp(struct req *r, struct res *s)
{
	const char *code;
	if (http_authenticate(r) != 0 || http_check_csrf(r) != 0)
		return -1;
	if (r->who.kind != AK_SESSION)
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	if (param_str(r, r->params, "code", NULL, &code) != 0)
		return -1;
	if (code == NULL)
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (!r->who.totp_pending) {
		jsonw_obj(&s->w);
		jsonw_obj_end(&s->w);
		return 0;
	}
	if (authn_second_factor(store_thread(), r->arena, &r->who, code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	user_out(&s->w, &r->who);
	jsonw_obj_end(&s->w);
	return 0;
}

static int me(struct req *r, struct user *u)
{
	if (r->who.kind == AK_TOKEN)
		return err_set(&r->err, E_TOKEN_PERMISSION, NULL);
	return store_user_by_id(store_thread(), r->arena, r->who.user_id, u, &r->err);
}

int h_session_totp_enrol(struct req *r, struct res *s)
{
	struct user u;
	char secret[TOTP_BASE32_LEN + 1], uri[512];
	if (me(r, &u) != 0 || accounts_totp_enrol(store_thread(), &u, secret, &r->err) != 0)
		return -1;
	if (totp_uri(secret, u.code, uri, sizeof uri) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	/* Shown this once; after confirmation the secret is never returned again. */
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "secret", secret);
	jsonw_kstr(&s->w, "uri", uri);
	jsonw_obj_end(&s->w);
	crypto_wipe(secret, sizeof secret);
	crypto_wipe(uri, sizeof uri);
	return 0;
}

/* Runs a two-factor step of the caller's account that needs a current "code". */
static int with_code(struct req *r, struct res *s,
		     int (*step)(struct store *, const struct user *, const char *, int64_t,
				 struct err *))
{
	struct user u;
	const char *code;
	if (me(r, &u) != 0 || param_str(r, r->params, "code", NULL, &code) != 0)
		return -1;
	if (code == NULL)
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (step(store_thread(), &u, code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_session_totp_confirm(struct req *r, struct res *s)
{
	return with_code(r, s, accounts_totp_confirm);
}

int h_session_totp_disable(struct req *r, struct res *s)
{
	return with_code(r, s, accounts_totp_disable);
}
