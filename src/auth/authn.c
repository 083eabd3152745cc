/*
 * authn: password, session and API-token authentication (see authn.h).
 *
 * Argon2id is deliberately slow, and API clients send the password header on every
 * request, so a successful check is remembered for ten minutes in a small in-memory
 * set keyed by a process-secret hash of (login, stored hash, password). Changing the
 * password changes the stored hash, so old entries can never match again; the account
 * state (suspension, lock) is read from the database on every request regardless.
 */
#include "auth/authn.h"
#include "auth/accounts.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "auth/totp.h"
#include "rules/lockout.h"
#include "rules/policy.h"
#include "store/tokens.h"
#include "store/users.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { CACHE_SLOTS = 1024, CACHE_TTL = 600 };

struct cache_slot {
	unsigned char key[CRYPTO_HASH_LEN];
	int64_t expires;
};

static struct cache_slot cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lockout_policy policy = {3, 10, 15};
static int64_t session_idle = 120 * 60, session_max = 12 * 3600;
/* A valid Argon2id hash of a random password, verified against for unknown logins so
 * that their timing matches a wrong password for a real account. */
static char dummy_hash[CRYPTO_PWHASH_MAX];

void authn_configure(const struct config *c)
{
	policy.slow_after = c->slow_after;
	policy.lock_after = c->lock_after;
	policy.lock_minutes = c->lock_minutes;
	session_idle = (int64_t)c->session_idle * 60;
	session_max = (int64_t)c->session_max * 3600;
}

int64_t authn_session_max_age(void)
{
	return session_max;
}

static struct cache_slot *slot_for(const unsigned char *key)
{
	return &cache[((unsigned)key[0] | ((unsigned)key[1] << 8)) % CACHE_SLOTS];
}

static bool cache_has(const unsigned char *key, int64_t now)
{
	struct cache_slot *s = slot_for(key);
	pthread_mutex_lock(&cache_lock);
	bool hit = s->expires > now && memcmp(s->key, key, CRYPTO_HASH_LEN) == 0;
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_put(const unsigned char *key, int64_t now)
{
	struct cache_slot *s = slot_for(key);
	pthread_mutex_lock(&cache_lock);
	memcpy(s->key, key, CRYPTO_HASH_LEN);
	s->expires = now + CACHE_TTL;
	pthread_mutex_unlock(&cache_lock);
}

void authn_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	memset(cache, 0, sizeof cache);
	pthread_mutex_unlock(&cache_lock);
}

static void set_user(struct identity *who, const struct user *u, enum auth_kind kind, int64_t now)
{
	who->kind = kind;
	who->must_change_password = accounts_must_change_password(u, now);
	who->totp_enabled = u->totp_secret && *u->totp_secret;
	who->totp_enrol_only = !who->totp_enabled && (u->roles & ROLE_ANY_ADMIN) &&
			       policy_bool("totp.admins");
	who->user_id = u->id;
	who->user_code = u->code;
	who->user_name = u->name;
	who->admin = (u->roles & ROLE_SYSTEM_ADMIN) != 0;
	who->roles = u->roles;
	who->section_id = u->section_id;
	who->can_create_apps = u->can_create_apps || who->admin;
}

/* Records a failed attempt in its own transaction; returns the new state. */
static struct lockout_state record_failure(struct store *st, const struct user *u, int64_t now)
{
	struct lockout_state s = {u->failed_logins, u->last_failed_at, u->locked_until};
	struct err e;
	err_init(&e, NULL);
	s = lockout_fail(&policy, s, now);
	if (store_begin(st, &e) == 0) {
		if (store_user_login_result(st, u->id, s.failed, s.last_failed, s.locked_until, &e) == 0)
			store_commit(st, &e);
		else
			store_rollback(st);
	}
	if (s.locked_until > now)
		log_warn("sign-in for \"%s\" locked for %d minutes after %d failures", u->code,
			 policy.lock_minutes, s.failed);
	return s;
}

int authn_password(struct store *st, struct arena *a, const char *login, const char *password,
		   int64_t now, enum err_code bad_code, struct identity *who, struct err *e)
{
	struct user u;
	if (store_user_by_code(st, a, login, &u, e) != 0) {
		if (e->code != E_USER_NOT_FOUND)
			return -1;
		if (dummy_hash[0] == '\0') {
			char pw[33];
			crypto_random_token(pw, 32);
			crypto_password_hash(pw, dummy_hash);
		}
		crypto_password_verify(dummy_hash, password);
		return err_set(e, bad_code, NULL);
	}
	struct lockout_state ls = {u.failed_logins, u.last_failed_at, u.locked_until};
	int64_t wait = lockout_wait(&policy, &ls, now);
	if (wait > 0)
		return err_set(e, E_LOCKED, "%lld", (long long)wait);
	const char *parts[] = {u.code, u.password_hash, password};
	unsigned char key[CRYPTO_HASH_LEN];
	crypto_keyed_hash(parts, 3, key);
	if (!cache_has(key, now)) {
		if (!crypto_password_verify(u.password_hash, password)) {
			ls = record_failure(st, &u, now);
			if (ls.locked_until > now)
				return err_set(e, E_LOCKED, "%lld", (long long)(ls.locked_until - now));
			return err_set(e, bad_code, NULL);
		}
		if (u.active)
			cache_put(key, now);
	}
	if (!u.active)
		return err_set(e, E_ACCOUNT_DISABLED, NULL);
	if (u.failed_logins > 0 || u.locked_until > 0) {
		struct err ignore;
		err_init(&ignore, NULL);
		if (store_begin(st, &ignore) == 0) {
			if (store_user_login_result(st, u.id, 0, u.last_failed_at, 0, &ignore) == 0)
				store_commit(st, &ignore);
			else
				store_rollback(st);
		}
	}
	set_user(who, &u, AK_PASSWORD, now);
	return 0;
}

int authn_tokens(struct store *st, struct arena *a, const char *const *tokens, size_t n,
		 int64_t now, struct identity *who, struct err *e)
{
	if (n > IDENTITY_MAX_TOKENS)
		return err_set(e, E_TOO_MANY_TOKENS, NULL);
	who->kind = AK_TOKEN;
	who->n_tokens = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char hash[CRYPTO_HASH_LEN];
		struct api_token t;
		crypto_token_hash(tokens[i], hash);
		if (store_token_by_hash(st, a, hash, &t, e) != 0)
			return -1;
		if (!t.owner_active)
			return err_set(e, E_BAD_TOKEN, NULL);
		/* Reviewed before use (Abiko §10): pending and refused tokens open nothing. */
		if (strcmp(t.state, "active") != 0)
			return err_set(e, E_TOKEN_UNREVIEWED, "%s",
				       strcmp(t.state, "pending") == 0 ? "pending review / 承認待ち"
								      : "refused / 却下");
		if (t.expires_at > 0 && t.expires_at <= now)
			return err_set(e, E_TOKEN_EXPIRED, NULL);
		struct token_grant *g = &who->tokens[who->n_tokens++];
		g->token_id = t.id;
		g->app_id = t.app_id;
		g->rights = t.rights;
		g->owner_id = t.owner_id;
		g->owner_code = t.owner_code;
		g->owner_name = t.owner_name;
		g->owner_roles = t.owner_roles;
		if (t.last_used_at < now - 60) {
			struct err ignore;
			err_init(&ignore, NULL);
			store_token_used(st, t.id, now, &ignore);
		}
	}
	if (who->n_tokens == 0)
		return err_set(e, E_BAD_TOKEN, NULL);
	who->user_id = who->tokens[0].owner_id;
	who->user_code = who->tokens[0].owner_code;
	who->user_name = who->tokens[0].owner_name;
	who->admin = false;
	who->can_create_apps = false;
	return 0;
}

int authn_session(struct store *st, struct arena *a, const char *cookie, int64_t now,
		  struct identity *who, struct err *e)
{
	unsigned char hash[CRYPTO_HASH_LEN];
	struct session s;
	struct user u;
	crypto_token_hash(cookie, hash);
	if (store_session_get(st, a, hash, sizeof hash, now, &s, e) != 0)
		return -1;
	if (s.created_at + session_max <= now)
		return err_set(e, E_NO_AUTH, NULL);
	if (store_user_by_id(st, a, s.user_id, &u, e) != 0)
		return err_set(e, E_NO_AUTH, NULL);
	if (!u.active)
		return err_set(e, E_ACCOUNT_DISABLED, NULL);
	if (s.suspended)	/* ended by a suspension since lifted: sign in again */
		return err_set(e, E_NO_AUTH, NULL);
	if (s.last_seen < now - 60) {
		struct err ignore;
		int64_t exp = now + session_idle;
		if (exp > s.created_at + session_max)
			exp = s.created_at + session_max;
		err_init(&ignore, NULL);
		store_session_touch(st, s.id, now, exp, &ignore);
	}
	set_user(who, &u, AK_SESSION, now);
	who->totp_pending = s.totp_pending && who->totp_enabled;	/* reset meanwhile: none due */
	who->session_id = s.id;
	who->csrf = s.csrf;
	return 0;
}

int authn_session_start(struct store *st, const struct identity *who, const char *client,
			int64_t now, char *cookie, char *csrf, struct err *e)
{
	unsigned char hash[CRYPTO_HASH_LEN];
	struct session s = {0};
	crypto_random_token(cookie, 43);
	crypto_random_token(csrf, 43);
	crypto_token_hash(cookie, hash);
	s.user_id = who->user_id;
	s.totp_pending = who->totp_enabled && !(who->kind == AK_SESSION && !who->totp_pending);
	s.csrf = csrf;
	s.created_at = now;
	s.last_seen = now;
	s.expires_at = now + session_idle;
	if (s.expires_at > now + session_max)
		s.expires_at = now + session_max;
	store_session_purge(st, now, e);
	return store_session_insert(st, hash, sizeof hash, &s, client, e);
}

int authn_second_factor(struct store *st, struct arena *a, struct identity *who,
			const char *code, int64_t now, struct err *e)
{
	struct user u;
	if (store_user_by_id(st, a, who->user_id, &u, e) != 0)
		return -1;
	struct lockout_state ls = {u.failed_logins, u.last_failed_at, u.locked_until};
	int64_t wait = lockout_wait(&policy, &ls, now);
	if (wait > 0)
		return err_set(e, E_LOCKED, "%lld", (long long)wait);
	int64_t step = totp_check(u.totp_secret, (time_t)now, code, u.totp_step);
	if (step < 0) {
		/* Wrong codes count towards the same lock as wrong passwords. */
		ls = record_failure(st, &u, now);
		if (ls.locked_until > now)
			return err_set(e, E_LOCKED, "%lld", (long long)(ls.locked_until - now));
		return err_set(e, E_TOTP_WRONG, NULL);
	}
	if (store_begin(st, e) != 0)
		return -1;
	if (store_user_totp(st, u.id, u.totp_secret, "", step, e) != 0 ||
	    store_user_login_result(st, u.id, 0, u.last_failed_at, 0, e) != 0 ||
	    store_session_totp_done(st, who->session_id, e) != 0 || store_commit(st, e) != 0) {
		store_rollback(st);
		return -1;
	}
	who->totp_pending = false;
	return 0;
}

int authn_session_end(struct store *st, int64_t session_id, struct err *e)
{
	return store_session_delete(st, session_id, e);
}

const char *identity_kind_name(enum auth_kind k)
{
	switch (k) {
	case AK_PASSWORD: return "password";
	case AK_SESSION: return "session";
	case AK_TOKEN: return "token";
	default: return "none";
	}
}
