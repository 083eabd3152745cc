/* accounts: account and token changes with their rules (see accounts.h). */
#include "auth/accounts.h"
#include "auth/authn.h"
#include "auth/crypto.h"
#include "auth/totp.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "rules/password.h"
#include "store/devices.h"
#include "store/ledger.h"
#include "rules/policy.h"
#include "rules/roles.h"

#include <stdio.h>
#include <string.h>

/* Old password hashes kept per user: the policy maximum of password.history. */
enum { PASSWORD_HISTORY_KEEP = 24 };

bool accounts_valid_code(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 128)
		return false;
	for (const char *p = code; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '@' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

static int check_user(const struct user *u, struct err *e)
{
	if (u->code == NULL || !accounts_valid_code(u->code))
		return err_field(e, "code", FM_CODE, NULL);
	if (u->name == NULL || *u->name == '\0')
		return err_field(e, "name", FM_REQUIRED_PARAM, NULL);
	if (utf8_count(u->name, strlen(u->name)) > 100)
		return err_field(e, "name", FM_TOO_LONG, "100");
	if (u->email && strlen(u->email) > 256)
		return err_field(e, "email", FM_TOO_LONG, "256");
	const char *pair = policy_bool("duties.separated") ? roles_conflict(u->roles) : NULL;
	if (pair != NULL)
		return err_field(e, "roles", FM_ROLES_CONFLICT, pair);
	return 0;
}

static enum password_preset current_preset(void)
{
	char name[24];
	policy_text("password.preset", name, sizeof name);
	return password_preset_parse(name);
}

static int hash_password(const struct user *u, const char *password, char *hash, struct err *e)
{
	enum fmsg why;
	if (password == NULL)
		return err_field(e, "password", FM_REQUIRED_PARAM, NULL);
	if (password_check_preset(password, u->code, current_preset(), &why) != 0)
		return err_field(e, "password", why, why == FM_TOO_LONG ? "128" : NULL);
	if (!crypto_password_hash(password, hash))
		return err_set(e, E_INTERNAL, NULL);
	return 0;
}

/*
 * The no-reuse rule (Yabu 第11条2項4号): under the municipal preset the new password
 * may be none of the last `depth` passwords, the current one included. Each is an
 * Argon2id hash, so each comparison is a full verification.
 */
static int check_reuse(struct store *st, const struct user *u, const char *password, int depth,
		       struct err *e)
{
	char n[8];
	snprintf(n, sizeof n, "%d", depth);
	if (depth <= 0)
		return 0;
	if (u->password_hash && *u->password_hash &&
	    crypto_password_verify(u->password_hash, password))
		return err_field(e, "password", FM_PASSWORD_REUSED, n);
	struct arena a;
	const char **old;
	size_t k;
	arena_init(&a, 0);
	int rc = store_password_history(st, &a, u->id, depth - 1, &old, &k, e);
	for (size_t i = 0; rc == 0 && i < k; i++)
		if (crypto_password_verify(old[i], password))
			rc = err_field(e, "password", FM_PASSWORD_REUSED, n);
	arena_destroy(&a);
	return rc;
}

int accounts_create(struct store *st, struct user *u, const char *password, int64_t now,
		    struct err *e)
{
	char hash[CRYPTO_PWHASH_MAX];
	if (check_user(u, e) != 0 || hash_password(u, password, hash, e) != 0)
		return -1;
	u->password_hash = hash;
	u->created_at = now;
	u->password_changed_at = now;
	u->active = true;
	int rc = store_user_insert(st, u, e);
	crypto_wipe(hash, sizeof hash);
	u->password_hash = NULL;
	return rc;
}

int accounts_set_password(struct store *st, const struct user *u, const char *password,
			  int64_t now, struct err *e)
{
	char hash[CRYPTO_PWHASH_MAX];
	int depth = password_history_depth(current_preset(), policy_int("password.history"));
	if (hash_password(u, password, hash, e) != 0)
		return -1;
	if (check_reuse(st, u, password, depth, e) != 0) {
		crypto_wipe(hash, sizeof hash);
		return -1;
	}
	int rc = 0;
	/* The history is kept under either preset, so switching to municipal has it ready. */
	if (u->password_hash && *u->password_hash)
		rc = store_password_history_add(st, u->id, u->password_hash, now, PASSWORD_HISTORY_KEEP, e);
	if (rc == 0)
		rc = store_user_set_password(st, u->id, hash, now, e);
	crypto_wipe(hash, sizeof hash);
	if (rc == 0)
		rc = store_session_delete_user(st, u->id, e);
	authn_cache_clear();
	return rc;
}

int accounts_update(struct store *st, const struct user *u, struct err *e)
{
	if (check_user(u, e) != 0 || store_user_update(st, u, e) != 0)
		return -1;
	if (!u->active) {
		if (store_session_delete_user(st, u->id, e) != 0)
			return -1;
		authn_cache_clear();
	}
	return 0;
}

/* Revokes every device credential of a suspended user, giving the suspension as reason. */
static int suspend_devices(struct store *st, int64_t user_id, const char *reason, int64_t now,
			   struct err *e)
{
	int n = 0;
	char why[1100];
	snprintf(why, sizeof why, "suspended: %s", reason);
	return store_devices_revoke_user(st, user_id, 0, why, now, &n, e);
}

int accounts_suspend(struct store *st, const struct user *u, const char *reason, const char *by,
		     int64_t now, struct err *e)
{
	if (reason == NULL || *reason == '\0')
		return err_set(e, E_USE_SUSPEND, NULL);
	if (utf8_count(reason, strlen(reason)) > 1000)
		return err_field(e, "reason", FM_TOO_LONG, "1000");
	if (!u->active)
		return err_set(e, E_ALREADY_SUSPENDED, "suspended");
	/* Their apps wait in the hand-over queue (Abiko §9(2)). */
	struct arena a;
	size_t queued;
	arena_init(&a, 0);
	int rc = store_handover_open(st, &a, u->id, "suspended", now, &queued, e);
	arena_destroy(&a);
	if (rc != 0)
		return -1;
	if (store_user_set_active(st, u->id, false, reason, by, now, e) != 0 ||
	    store_session_suspend_user(st, u->id, e) != 0 ||
	    store_token_revoke_owner(st, u->id, now, e) != 0 ||
	    suspend_devices(st, u->id, reason, now, e) != 0)
		return -1;
	authn_cache_clear();
	return 0;
}

int accounts_resume(struct store *st, const struct user *u, int64_t now, struct err *e)
{
	if (u->active)
		return err_set(e, E_ALREADY_SUSPENDED, "active");
	return store_user_set_active(st, u->id, true, NULL, NULL, now, e);
}

int accounts_totp_enrol(struct store *st, const struct user *u, char *secret, struct err *e)
{
	if (u->totp_secret && *u->totp_secret)
		return err_field(e, "code", FM_TOTP_ON, NULL);
	totp_new_secret(secret);
	return store_user_totp(st, u->id, "", secret, u->totp_step, e);
}

int accounts_totp_confirm(struct store *st, const struct user *u, const char *code, int64_t now,
			  struct err *e)
{
	if (u->totp_secret && *u->totp_secret)
		return err_field(e, "code", FM_TOTP_ON, NULL);
	if (u->totp_pending == NULL || *u->totp_pending == '\0')
		return err_field(e, "code", FM_TOTP_NOT_STARTED, NULL);
	int64_t step = totp_check(u->totp_pending, (time_t)now, code, -1);
	if (step < 0)
		return err_set(e, E_TOTP_WRONG, NULL);
	return store_user_totp(st, u->id, u->totp_pending, "", step, e);
}

int accounts_totp_disable(struct store *st, const struct user *u, const char *code, int64_t now,
			  struct err *e)
{
	if (u->totp_secret == NULL || *u->totp_secret == '\0')
		return err_field(e, "code", FM_TOTP_OFF, NULL);
	if (code != NULL && totp_check(u->totp_secret, (time_t)now, code, u->totp_step) < 0)
		return err_set(e, E_TOTP_WRONG, NULL);
	return store_user_totp(st, u->id, "", "", -1, e);
}

bool accounts_must_change_password(const struct user *u, int64_t now)
{
	return password_expired(current_preset(), u->password_changed_at,
				policy_int("password.max_age_days"), now);
}

int accounts_token_create(struct store *st, int64_t now, char *token, struct api_token *t,
			  struct err *e)
{
	unsigned char hash[CRYPTO_HASH_LEN];
	char hint[9];
	crypto_random_token(token, 40);
	crypto_token_hash(token, hash);
	memcpy(hint, token, 8);
	hint[8] = '\0';
	if (t->description == NULL)
		t->description = "";
	if (t->state == NULL)
		t->state = policy_bool("extensions.review") ? "pending" : "active";
	t->hint = hint;
	t->created_at = now;
	int rc = store_token_insert(st, hash, t, e);
	t->hint = NULL;
	return rc;
}
