/*
 * store/users: accounts and browser sessions.
 *
 * Password hashes are opaque encoded strings produced by auth/; the store only keeps
 * them. Session tokens are stored as hashes computed by auth/, never in the clear.
 */
#ifndef DAICHO_STORE_USERS_H
#define DAICHO_STORE_USERS_H

#include "store/store.h"

struct user {
	int64_t id;
	const char *code;		/* login name */
	const char *name;		/* display name */
	const char *email;
	const char *password_hash;	/* Argon2id encoded string */
	bool admin;			/* system administrator (roles & ROLE_SYSTEM_ADMIN) */
	unsigned roles;			/* ROLE_* bits (auth/identity.h) */
	int64_t section_id;		/* org_units.id of the user's section, 0 when none */
	bool active;			/* false when suspended */
	bool can_create_apps;
	int failed_logins;		/* failures in a row */
	int64_t last_failed_at;		/* unix time of the last failure */
	int64_t locked_until;		/* unix time until which sign-in is refused */
	int64_t password_changed_at;
	int64_t created_at;
	const char *suspended_reason;	/* why the account was suspended ("" when active) */
	const char *suspended_by;	/* login name of the account administrator */
	int64_t suspended_at;		/* unix time, 0 when never */
	const char *totp_secret;	/* base32; "" when two-factor sign-in is off */
	const char *totp_pending;	/* secret being enrolled, "" when none */
	int64_t totp_step;		/* time step of the last code accepted, -1 when none */
};

/* Looks a user up by login name; E_USER_NOT_FOUND when there is none. */
int store_user_by_code(struct store *st, struct arena *a, const char *code, struct user *u,
		       struct err *e);
/* Looks a user up by id; E_USER_NOT_FOUND when there is none. */
int store_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *u, struct err *e);
/* True when an active user with this code exists (false also on errors). */
bool store_user_exists(struct store *st, const char *code);
/* Display name for a user code, or NULL when unknown. */
const char *store_user_name(struct store *st, struct arena *a, const char *code);
/* Creates a user; E_INPUT with a field error on "code" when the login is taken. */
int store_user_insert(struct store *st, struct user *u, struct err *e);
/* Updates name, email, roles, section, active and can_create_apps of user u->id. */
int store_user_update(struct store *st, const struct user *u, struct err *e);
/* Replaces the password hash and clears failures and lock. */
int store_user_set_password(struct store *st, int64_t id, const char *hash, int64_t now,
			    struct err *e);
/* Suspends (active false, with reason, by, now) or resumes (active true) user id. */
int store_user_set_active(struct store *st, int64_t id, bool active, const char *reason,
			  const char *by, int64_t now, struct err *e);
/* Keeps an old password hash of user id (for the no-reuse rule) and drops all but the
 * newest keep entries. */
int store_password_history_add(struct store *st, int64_t id, const char *hash, int64_t now,
			       int keep, struct err *e);
/* The newest max previous password hashes of user id; *out is an arena array of *n. */
int store_password_history(struct store *st, struct arena *a, int64_t id, int max,
			   const char ***out, size_t *n, struct err *e);
/* Sets the TOTP columns of user id: secret ("" turns two-factor sign-in off), pending
 * (enrolment) and the last accepted step. */
int store_user_totp(struct store *st, int64_t id, const char *secret, const char *pending,
		    int64_t step, struct err *e);
/* Records the outcome of a sign-in attempt (failures, lock). */
int store_user_login_result(struct store *st, int64_t id, int failed_logins,
			    int64_t last_failed_at, int64_t locked_until, struct err *e);
/* Lists users ordered by code; *out is an arena array of *n entries. */
int store_user_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
		    struct user **out, size_t *n, struct err *e);
/* Number of users (used to tell whether the first administrator exists). */
int store_user_count(struct store *st, int64_t *n, struct err *e);

struct session {
	int64_t id;
	int64_t user_id;
	const char *csrf;		/* CSRF token expected in X-Daicho-CSRF / __REQUEST_TOKEN__ */
	int64_t created_at, last_seen, expires_at;
	bool suspended;			/* ended by a suspension: never valid again */
	bool totp_pending;		/* signed in with the password, second factor still due */
};

/* Stores a new session keyed by the hash of its cookie value. */
int store_session_insert(struct store *st, const unsigned char *hash, size_t hash_len,
			 const struct session *s, const char *client, struct err *e);
/* Finds a live session by cookie hash; E_NO_AUTH when unknown or expired at now. */
int store_session_get(struct store *st, struct arena *a, const unsigned char *hash,
		      size_t hash_len, int64_t now, struct session *s, struct err *e);
/* Moves last_seen and the idle expiry forward. */
int store_session_touch(struct store *st, int64_t id, int64_t now, int64_t expires_at,
			struct err *e);
/* The second factor was given: the session is no longer pending. */
int store_session_totp_done(struct store *st, int64_t id, struct err *e);
/* Ends one session. */
int store_session_delete(struct store *st, int64_t id, struct err *e);
/* Ends every session of a user (suspension, password change). */
int store_session_delete_user(struct store *st, int64_t user_id, struct err *e);
/* Ends every session of a user for a suspension: they stay as tombstones (suspended = 1)
 * until they expire, so a request with one can be told why it is refused. */
int store_session_suspend_user(struct store *st, int64_t user_id, struct err *e);
/* Removes expired sessions. */
int store_session_purge(struct store *st, int64_t now, struct err *e);

#endif
