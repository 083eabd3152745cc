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
 * The account states that narrow what a signed-in caller may do (docs/ACCOUNTS.md), in
 * this order: the password header of an account with two-factor sign-in (E_TOTP_HEADER);
 * a session still waiting for its second factor (E_TOTP_REQUIRED: only the session and
 * the TOTP code APIs); a password past its age under the municipal rule
 * (E_PASSWORD_EXPIRED: only the session and password-change APIs); an administrator
 * without two-factor sign-in under "totp.admins" (E_TOTP_ENROL: only enrolment).
 */
int http_check_account_state(struct req *r);

#endif
