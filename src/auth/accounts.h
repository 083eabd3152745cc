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
/* Sets a new password (checked against the rule) and ends the user's sessions. */
int accounts_set_password(struct store *st, const struct user *u, const char *password,
			  int64_t now, struct err *e);
/* Saves name, email, admin, active, can_create_apps; suspension ends sessions. */
int accounts_update(struct store *st, const struct user *u, struct err *e);
/*
 * Creates an API token for app_id owned by owner_id with RIGHT_* bits; the token text
 * (40 characters) is written to token (41 bytes) and shown only this once.
 */
int accounts_token_create(struct store *st, int64_t app_id, int64_t owner_id, unsigned rights,
			  const char *description, int64_t now, char *token,
			  struct api_token *t, struct err *e);
/* Login names: 1..128 of [A-Za-z0-9._@-]. */
bool accounts_valid_code(const char *code);

#endif
