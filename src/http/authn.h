/*
 * http/authn: which credential a request carries (X-Cybozu-Authorization,
 * X-Cybozu-API-Token, the session cookie) and the CSRF check for session writes.
 * The checks themselves are auth/authn.c's.
 */
#ifndef DAICHO_HTTP_AUTHN_H
#define DAICHO_HTTP_AUTHN_H

#include "http/req.h"

/* Name of the session cookie. */
#define SESSION_COOKIE "daicho_session"

/*
 * Fills r->who from the request's credentials. Precedence: password header, then API
 * tokens, then the session cookie. Errors: E_NO_AUTH, E_BAD_PASSWORD, E_BAD_TOKEN,
 * E_LOCKED, E_ACCOUNT_DISABLED, E_TOO_MANY_TOKENS.
 */
int http_authenticate(struct req *r);
/*
 * For session requests that change something: the CSRF token must arrive in the
 * X-Requested-With-Token style header "X-Daicho-CSRF" or as __REQUEST_TOKEN__ in the
 * parameters (kintone's name). Removes __REQUEST_TOKEN__ from the parameters.
 */
int http_check_csrf(struct req *r);
/* The value of cookie `name` in the request, or NULL. */
const char *http_cookie(struct req *r, const char *name);

/*
 * Refuses (E_PASSWORD_EXPIRED) every API but the session and password-change ones while
 * the caller's password is past its age under the municipal rule (Yabu 第11条2項4号).
 */
int http_check_password_age(struct req *r);

#endif
