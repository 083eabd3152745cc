/* http/authn: reading credentials from headers and cookies (see authn.h). */
#include "http/authn.h"
#include "auth/authn.h"
#include "auth/crypto.h"
#include "core/strutil.h"
#include "store/store.h"

#include <string.h>

const char *http_cookie(struct req *r, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < r->n_headers; i++) {
		if (!str_ieq(r->headers[i].name, "Cookie"))
			continue;
		const char *p = r->headers[i].value;
		while (p && *p) {
			while (*p == ' ' || *p == ';')
				p++;
			const char *end = strchr(p, ';');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
				return arena_strndup(r->arena, p + nl + 1, len - nl - 1);
			p = end;
		}
	}
	return NULL;
}

/* Collects API tokens from every X-Cybozu-API-Token header, split at commas. */
static size_t collect_tokens(struct req *r, const char **out, size_t max, bool *too_many)
{
	size_t n = 0;
	*too_many = false;
	for (size_t i = 0; i < r->n_headers; i++) {
		if (!str_ieq(r->headers[i].name, "X-Cybozu-API-Token"))
			continue;
		const char *p = r->headers[i].value;
		while (*p) {
			while (*p == ' ' || *p == ',')
				p++;
			const char *end = p;
			while (*end && *end != ',' && *end != ' ')
				end++;
			if (end > p) {
				if (n == max) {
					*too_many = true;
					return n;
				}
				out[n++] = arena_strndup(r->arena, p, (size_t)(end - p));
			}
			p = end;
		}
	}
	return n;
}

int http_authenticate(struct req *r)
{
	struct store *st = store_thread();
	if (st == NULL)
		return err_set(&r->err, E_STORAGE, NULL);
	const char *pw = req_header(r, "X-Cybozu-Authorization");
	if (pw != NULL) {
		char plain[1024];
		if (strlen(pw) > 1300 || !crypto_base64_decode(pw, plain, sizeof plain))
			return err_set(&r->err, E_BAD_PASSWORD, NULL);
		char *colon = strchr(plain, ':');
		if (colon == NULL) {
			crypto_wipe(plain, sizeof plain);
			return err_set(&r->err, E_BAD_PASSWORD, NULL);
		}
		*colon = '\0';
		/* Kept for the access log if the attempt fails (the login tried, never the password). */
		r->who.user_code = arena_strndup(r->arena, plain, strnlen(plain, 128));
		int rc = authn_password(st, r->arena, plain, colon + 1, r->now, E_BAD_PASSWORD,
					&r->who, &r->err);
		crypto_wipe(plain, sizeof plain);
		return rc;
	}
	const char *tokens[IDENTITY_MAX_TOKENS];
	bool too_many;
	size_t n = collect_tokens(r, tokens, IDENTITY_MAX_TOKENS, &too_many);
	if (too_many)
		return err_set(&r->err, E_TOO_MANY_TOKENS, NULL);
	if (n > 0)
		return authn_tokens(st, r->arena, tokens, n, r->now, &r->who, &r->err);
	const char *cookie = http_cookie(r, SESSION_COOKIE);
	if (cookie != NULL && *cookie != '\0')
		return authn_session(st, r->arena, cookie, r->now, &r->who, &r->err);
	return err_set(&r->err, E_NO_AUTH, NULL);
}

int http_check_csrf(struct req *r)
{
	json_t *tok = json_object_get(r->params, "__REQUEST_TOKEN__");
	const char *given = json_is_string(tok) ? json_string_value(tok) : NULL;
	if (given != NULL)
		given = arena_strdup(r->arena, given);
	json_object_del(r->params, "__REQUEST_TOKEN__");
	if (r->who.kind != AK_SESSION || strcmp(r->method, "GET") == 0)
		return 0;
	const char *hdr = req_header(r, "X-Daicho-CSRF");
	if (hdr == NULL)
		hdr = given;
	if (hdr == NULL || r->who.csrf == NULL || !crypto_str_equal(hdr, r->who.csrf))
		return err_set(&r->err, E_CSRF, NULL);
	return 0;
}

/* True when path is one of the APIs listed (NULL-terminated). */
static bool path_in(const char *path, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(path, *list) == 0)
			return true;
	return false;
}

int http_check_account_state(struct req *r)
{
	static const char *const session_only[] = {"/api/session.json", "/api/session/totp.json", NULL};
	static const char *const change_password[] = {"/api/session.json", "/api/session/password.json",
						      NULL};
	static const char *const enrol[] = {"/api/session.json", "/api/session/password.json",
					    "/api/session/totp/enrol.json",
					    "/api/session/totp/confirm.json", NULL};
	if (r->who.kind == AK_PASSWORD && r->who.totp_enabled)
		return err_set(&r->err, E_TOTP_HEADER, NULL);
	if (r->who.kind == AK_SESSION && r->who.totp_pending && !path_in(r->path, session_only))
		return err_set(&r->err, E_TOTP_REQUIRED, NULL);
	if (r->who.must_change_password && !path_in(r->path, change_password))
		return err_set(&r->err, E_PASSWORD_EXPIRED, NULL);
	/* Scripts with the password header come from api.allow addresses only (Kuki 第27条);
	 * the enrolment requirement is for people signing in (docs/ACCOUNTS.md). */
	if (r->who.kind == AK_SESSION && r->who.totp_enrol_only && !path_in(r->path, enrol))
		return err_set(&r->err, E_TOTP_ENROL, NULL);
	return 0;
}
