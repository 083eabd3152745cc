/*
 * identity: who is making a request, as established by auth/authn.c.
 *
 * A request carries exactly one kind of credential that counts: a password header, a
 * browser session, or one or more API tokens (each bound to one app). For token
 * requests the acting user is the token's owner, so records and the access log name a
 * real person instead of a shared "Administrator".
 */
#ifndef DAICHO_AUTH_IDENTITY_H
#define DAICHO_AUTH_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/roles.h"

enum auth_kind { AK_NONE = 0, AK_PASSWORD, AK_SESSION, AK_TOKEN };

/* App rights, as bits. */
enum {
	RIGHT_VIEW = 1,		/* read records */
	RIGHT_ADD = 2,		/* add records (and import) */
	RIGHT_EDIT = 4,		/* edit records */
	RIGHT_DELETE = 8,	/* delete records */
	RIGHT_MANAGE = 16,	/* change the app's settings */
	RIGHT_EXPORT = 32,	/* export records to a file */
	RIGHT_ALL = 63,
};

enum { IDENTITY_MAX_TOKENS = 9 };

struct token_grant {
	int64_t token_id;	/* api_tokens.id */
	int64_t app_id;		/* the app the token belongs to */
	unsigned rights;	/* RIGHT_* bits of the token */
	int64_t owner_id;	/* user who owns the token */
	const char *owner_code;	/* that user's login name */
	const char *owner_name;
	unsigned owner_roles;	/* that user's ROLE_* bits (their rights cap the token's) */
};

struct identity {
	enum auth_kind kind;
	int64_t user_id;		/* acting user (token: first token's owner) */
	const char *user_code;		/* login name */
	const char *user_name;		/* display name */
	bool admin;			/* system administrator: every app (ROLE_SYSTEM_ADMIN) */
	unsigned roles;			/* ROLE_* bits */
	int64_t section_id;		/* the user's section (org_units.id), 0 when none */
	bool can_create_apps;
	bool must_change_password;	/* password past its age (municipal rule): only the
					 * session and password-change APIs answer */
	bool totp_enabled;		/* the account uses two-factor sign-in */
	bool totp_pending;		/* AK_SESSION: second factor not given yet */
	bool totp_enrol_only;		/* an administrator without TOTP under "totp.admins":
					 * only enrolment answers */
	int64_t session_id;		/* AK_SESSION: the session */
	const char *csrf;		/* AK_SESSION: expected CSRF token */
	struct token_grant tokens[IDENTITY_MAX_TOKENS];	/* AK_TOKEN */
	int n_tokens;
};

/* Short name of an auth kind for the access log: "password", "session", "token", "none". */
const char *identity_kind_name(enum auth_kind k);

#endif
