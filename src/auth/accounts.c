/* accounts: account and token changes with their rules (see accounts.h). */
#include "auth/accounts.h"
#include "auth/authn.h"
#include "auth/crypto.h"
#include "core/utf8.h"
#include "rules/password.h"
#include "rules/policy.h"
#include "rules/roles.h"

#include <string.h>

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

static int hash_password(const struct user *u, const char *password, char *hash, struct err *e)
{
	enum fmsg why;
	if (password == NULL)
		return err_field(e, "password", FM_REQUIRED_PARAM, NULL);
	if (password_check(password, u->code, &why) != 0)
		return err_field(e, "password", why, why == FM_TOO_LONG ? "128" : NULL);
	if (!crypto_password_hash(password, hash))
		return err_set(e, E_INTERNAL, NULL);
	return 0;
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
	if (hash_password(u, password, hash, e) != 0)
		return -1;
	int rc = store_user_set_password(st, u->id, hash, now, e);
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

int accounts_token_create(struct store *st, int64_t app_id, int64_t owner_id, unsigned rights,
			  const char *description, int64_t now, char *token,
			  struct api_token *t, struct err *e)
{
	unsigned char hash[CRYPTO_HASH_LEN];
	char hint[9];
	crypto_random_token(token, 40);
	crypto_token_hash(token, hash);
	memcpy(hint, token, 8);
	hint[8] = '\0';
	memset(t, 0, sizeof *t);
	t->app_id = app_id;
	t->owner_id = owner_id;
	t->rights = rights;
	t->description = description ? description : "";
	t->hint = hint;
	t->created_at = now;
	int rc = store_token_insert(st, hash, t, e);
	t->hint = NULL;
	return rc;
}
