/*
 * authn: establishing who is calling, from a password, a browser session or API
 * tokens, with the lockout rule on passwords. The HTTP side (which header holds
 * what) is in http/authn.c; this file knows nothing of HTTP.
 *
 * All functions fill a struct identity whose strings live in the arena passed in.
 */
#ifndef DAICHO_AUTH_AUTHN_H
#define DAICHO_AUTH_AUTHN_H

#include <stddef.h>
#include <stdint.h>

#include "auth/identity.h"
#include "core/err.h"

struct arena;
struct store;
struct config;

/* Sets the lockout thresholds and session lifetimes from the configuration. */
void authn_configure(const struct config *c);

/*
 * Checks login + password. Errors: E_BAD_PASSWORD (unknown login or wrong password,
 * indistinguishable), E_LOCKED (too many failures; e->arg holds the seconds to wait),
 * E_ACCOUNT_DISABLED (right password, suspended account). Failed attempts are recorded
 * in their own transaction. bad_code is the error to use for a wrong password (the
 * password header reports E_BAD_PASSWORD, the login form E_LOGIN_FAILED).
 */
int authn_password(struct store *st, struct arena *a, const char *login, const char *password,
		   int64_t now, enum err_code bad_code, struct identity *who, struct err *e);

/*
 * Checks up to IDENTITY_MAX_TOKENS API tokens (all must be valid). Errors: E_BAD_TOKEN,
 * E_TOO_MANY_TOKENS.
 */
int authn_tokens(struct store *st, struct arena *a, const char *const *tokens, size_t n,
		 int64_t now, struct identity *who, struct err *e);

/* Checks a session cookie value. Errors: E_NO_AUTH (unknown or expired), E_ACCOUNT_DISABLED. */
int authn_session(struct store *st, struct arena *a, const char *cookie, int64_t now,
		  struct identity *who, struct err *e);

/*
 * Starts a session for an authenticated user. Writes the cookie value (43 characters +
 * NUL) to cookie and the CSRF token (43 + NUL) to csrf. Must run inside a transaction.
 */
int authn_session_start(struct store *st, const struct identity *who, const char *client,
			int64_t now, char *cookie, char *csrf, struct err *e);

/*
 * The second factor of a session that is pending it: checks the TOTP code (not reused,
 * one step of drift), counts a wrong code as a failed sign-in (lockout), and marks the
 * session complete. Errors: E_TOTP_WRONG, E_LOCKED. Opens its own transactions (the
 * caller must not).
 */
int authn_second_factor(struct store *st, struct arena *a, struct identity *who,
			const char *code, int64_t now, struct err *e);

/* Ends a session (logout). */
int authn_session_end(struct store *st, int64_t session_id, struct err *e);

/* Seconds a session cookie should live in the browser (the absolute maximum). */
int64_t authn_session_max_age(void);

/* Forgets every cached password check (after password changes, suspensions). */
void authn_cache_clear(void);

#endif
