/*
 * accounts: creating and changing user accounts and API tokens, shared by the admin
 * API (http/handlers/users.c) and the command line (cli/user.c, cli/token.c), so both
 * apply the same rules: login name syntax, the password rule, Argon2id hashing, and
 * ending every session of an account whose password or status changed.
 * Callers open the transaction.
 */
#ifndef DAICHO_AUTH_ACCOUNTS_H
#define DAICHO_AUTH_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/tokens.h"
#include "store/users.h"

/* Validates and creates u (code, name, email, admin, can_create_apps) with password. */
int accounts_create(struct store *st, struct user *u, const char *password, int64_t now,
		    struct err *e);
/* Sets a new password (checked against the preset's rule, and under the municipal preset
 * against the last password.history passwords), keeps the old hash in the history and
 * ends the user's sessions. u->password_hash must hold the current hash. */
int accounts_set_password(struct store *st, const struct user *u, const char *password,
			  int64_t now, struct err *e);
/* Saves name, email, admin, active, can_create_apps; suspension ends sessions. Callers
 * change "active" only through accounts_suspend / accounts_resume. */
int accounts_update(struct store *st, const struct user *u, struct err *e);
/*
 * Suspends u at once (Kumamoto 第6条4, 第18条): records reason (required, E_USE_SUSPEND
 * when empty), by and now on the user row, ends every session, revokes every API token
 * and (hook for the devices area) every device credential. E_ALREADY_SUSPENDED when u
 * is suspended already.
 */
int accounts_suspend(struct store *st, const struct user *u, const char *reason, const char *by,
		     int64_t now, struct err *e);
/* Lifts a suspension (tokens stay revoked: new ones must be issued). */
int accounts_resume(struct store *st, const struct user *u, int64_t now, struct err *e);
/*
 * Two-factor sign-in (TOTP, Kuki 第18条). Enrolment writes a new secret (base32,
 * TOTP_BASE32_LEN + 1 bytes) to secret and keeps it pending; the first valid code
 * confirms it and turns two-factor sign-in on. Disabling needs a current code, or
 * code NULL for an account administrator's reset.
 */
int accounts_totp_enrol(struct store *st, const struct user *u, char *secret, struct err *e);
int accounts_totp_confirm(struct store *st, const struct user *u, const char *code, int64_t now,
			  struct err *e);
int accounts_totp_disable(struct store *st, const struct user *u, const char *code, int64_t now,
			  struct err *e);
/* True when u's password is past password.max_age_days under the municipal preset: the
 * user must change it before anything else. */
bool accounts_must_change_password(const struct user *u, int64_t now);
/*
 * Creates an API token from t (app_id, owner_id, rights, description, created_by,
 * expires_at filled by the caller; state NULL means "pending" under the policy
 * "extensions.review" and "active" otherwise). The token text (40 characters) is written
 * to token (41 bytes) and shown only this once; t->id and t->created_at are filled.
 */
int accounts_token_create(struct store *st, int64_t now, char *token, struct api_token *t,
			  struct err *e);
/* Login names: 1..128 of [A-Za-z0-9._@-]. */
bool accounts_valid_code(const char *code);

#endif
