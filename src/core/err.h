/*
 * err: daicho's one error convention.
 *
 * Functions return 0 on success or a negative value on failure, and fill a struct err
 * with an error code from the table below, an optional argument substituted into the
 * message, an optional byte position (query and JSON errors) and optional field errors
 * (kintone's "errors" map: a key such as "records[3].amount.value" and its messages).
 * err_table() maps each code to kintone's code string, the HTTP status and the message
 * in Japanese and English; http/respond.c turns that into the JSON body.
 * Field-error storage comes from the arena passed to err_field (the request's).
 */
#ifndef DAICHO_CORE_ERR_H
#define DAICHO_CORE_ERR_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum err_code {
	E_OK = 0,
	E_INPUT,		/* CB_VA01: invalid input, details in field errors */
	E_JSON,			/* CB_IJ01: body is not valid JSON (arg: byte position) */
	E_UTF8,			/* CB_VA01: invalid UTF-8 in the request (arg: which part) */
	E_BODY_TOO_LARGE,	/* DC_RQ01: body above the route's limit (arg: limit) */
	E_NO_AUTH,		/* CB_AU01: no credentials */
	E_BAD_PASSWORD,		/* CB_WA01: X-Cybozu-Authorization invalid */
	E_BAD_TOKEN,		/* GAIA_IA02: API token unknown or revoked */
	E_TOO_MANY_TOKENS,	/* CB_VA01: more than 9 API tokens in one request */
	E_LOGIN_FAILED,		/* DC_AU01: wrong login name or password at the login form */
	E_LOCKED,		/* DC_AU02: too many failed logins (arg: seconds to wait) */
	E_CSRF,			/* DC_AU03: missing or wrong CSRF token on a session write */
	E_ACCOUNT_DISABLED,	/* DC_AU04: the account is suspended */
	E_NO_PERMISSION,	/* CB_NO02: the user lacks the right */
	E_TOKEN_PERMISSION,	/* GAIA_NO01: the API token lacks the right */
	E_ADMIN_ONLY,		/* CB_NO02: administrators only */
	E_APP_NOT_FOUND,	/* GAIA_AP01 (arg: app id) */
	E_APP_NOT_DEPLOYED,	/* GAIA_AP01: app exists only in preview (arg: app id) */
	E_RECORD_NOT_FOUND,	/* GAIA_RE01 (arg: record id) */
	E_FILE_NOT_FOUND,	/* GAIA_BL01 (arg: file key) */
	E_COMMENT_NOT_FOUND,	/* GAIA_RE02 (arg: comment id) */
	E_CURSOR_NOT_FOUND,	/* GAIA_CR01 (arg: cursor id) */
	E_CURSOR_LIMIT,		/* GAIA_TM12: too many live cursors (arg: limit) */
	E_REVISION,		/* GAIA_CO02: record revision mismatch */
	E_APP_REVISION,		/* GAIA_CO02: settings revision mismatch */
	E_LIMIT_TOO_LARGE,	/* GAIA_QU01 */
	E_OFFSET_TOO_LARGE,	/* GAIA_QU02 */
	E_QUERY,		/* CB_VA01: query syntax error (field error "query") */
	E_QUERY_OPERATOR,	/* GAIA_IQ03: operator or function not allowed for the field */
	E_QUERY_FIELD,		/* GAIA_IQ11: unknown field in the query (arg: code) */
	E_QUERY_DAY,		/* GAIA_IQ23: bad day argument */
	E_QUERY_UNIT,		/* GAIA_IQ25: bad FROM_TODAY unit */
	E_QUERY_ARGS,		/* GAIA_IL08: wrong number of function arguments */
	E_QUERY_LIMITS,		/* CB_VA01: query too long, too deep or too many terms */
	E_FIELD_UNSUPPORTED,	/* CB_VA01: field type not supported yet (arg: type) */
	E_GUEST_SPACE,		/* GAIA_IL23: guest-space paths are not available */
	E_ROUTE_NOT_FOUND,	/* DC_NF01: no such API */
	E_METHOD,		/* DC_MT01: API exists, method does not (arg: allowed) */
	E_BUSY,			/* DC_DB01: database busy, try again */
	E_STORAGE,		/* DC_DB02: storage failure (disk full, I/O) */
	E_INTERNAL,		/* DC_IN01: unexpected failure */
	E_USER_NOT_FOUND,	/* DC_US01 (arg: login) */
	E_FILE_TOO_LARGE,	/* DC_FI01 (arg: limit) */
	E_TOO_MANY_REQUESTS,	/* GAIA_TO04: concurrency limit */
	E_DL_WARNING,		/* DC_DL01: bulk-download threshold, a reason is needed (arg: counts, localised) */
	E_DL_CAP,		/* DC_DL02: bulk-download hard cap (arg: counts, localised) */
	E_DL_REASON,		/* DC_DL03: the stated download reason is not acceptable */
	/* hours (Abiko §8, Kumamoto 第14条) */
	E_HOURS_CLOSED,		/* DC_HR01: outside working hours and overtime orders (arg: next window) */
	E_HOURS_NOT_HEAD,	/* DC_HR02: only the member's section or department head orders overtime */
	E_HOURS_DEFAULT,	/* DC_HR03: the default calendar cannot be deleted */
	/* accounts */
	E_PASSWORD_EXPIRED,	/* DC_AC01: the password must be changed before anything else */
	E_USE_SUSPEND,		/* DC_AC02: "active": false without a reason; use suspend.json */
	E_ALREADY_SUSPENDED,	/* DC_AC03: suspend of a suspended user, resume of an active one */
	E_TOTP_REQUIRED,	/* DC_AC04: the session waits for the second factor */
	E_TOTP_ENROL,		/* DC_AC05: administrators must set up two-factor sign-in first */
	E_TOTP_HEADER,		/* DC_AC06: password header of an account with two-factor sign-in */
	E_TOTP_WRONG,		/* DC_AC07: wrong, expired or already used code */
	/* audit: the access log (Kuki 第19条) */
	E_AUDIT_FILTER,		/* DC_LG01: bad search filter of the access log (arg: name) */
	E_AUDIT_RANGE,		/* DC_LG02: report range longer than 366 days or reversed */
	/* devices */
	E_DEVICE_REQUIRED,	/* DC_DV01: this browser is not a registered device (arg: state) */
	E_DEVICE_PERSONAL,	/* DC_DV02: personal devices are not allowed in the section */
	E_API_ADDRESS,		/* DC_DV03: password/token request from an address not allowed (arg: address) */
	E_DEVICE_APPROVER,	/* DC_DV04: not an approver of this device request */
	E_REPORT_RATE,		/* DC_DV05: too many signed-out reports from one address */
	E_ORG_IN_USE,		/* DC_OR01: unit still has members or sections (arg: what remains) */
	E_ORG_SECTION_REQUIRED,	/* DC_OR02: a user needs a section once sections exist */
	E_ORG_PARENT,		/* DC_OR03: a section's parent must be a department (arg: code) */
	E_APP_STATE,		/* DC_AP01: records of an unpublished or closed app (arg: state) */
	E_APP_ENDED,		/* DC_AP02: app past its planned end date (arg: the date) */
	E_BACKUP_NO_DIR,	/* DC_BK01: no backup directory configured (backup_dir) */
	E_BACKUP_FAILED,	/* DC_BK02: a backup or restore test failed (arg: the problem) */
	E_BACKUP_NOT_FOUND,	/* DC_BK03: no such backup (arg: name) */
	E_BACKUP_KEY,		/* DC_BK04: the backup key cannot be read */
	/* lifecycle: the app lifecycle and its approvals (Abiko §9(3)-(5)) */
	E_LC_INCOMPLETE,	/* DC_AL01: registration items missing (arg: the items, localised) */
	E_LC_NAMING,		/* DC_AL02: the app name breaks the naming rule (arg: the explanation) */
	E_LC_STATE,		/* DC_AL03: not possible in the app's state (arg: state, localised) */
	E_LC_PENDING,		/* DC_AL04: a request of the app is already waiting */
	E_LC_NOT_APPROVER,	/* DC_AL05: not the approver of the step whose turn it is */
	E_LC_SELF,		/* DC_AL06: the requester cannot approve their own request */
	E_LC_NO_APPROVER,	/* DC_AL07: nobody to approve a step (arg: which, localised) */
	E_LC_NOT_OWNER,		/* DC_AL08: only the owner, the maintainer or an administrator */
	/* customize: JS/CSS customisations and plugins (Abiko §10) */
	E_CU_URL,		/* DC_CU01: URL-type customisation under extensions.review */
	E_CU_NOT_ALLOWED,	/* DC_CU03: plugin not on the allow-list (arg: id) */
	E_CU_HASH,		/* DC_CU04: a served file no longer matches its pinned hash */
	E_CU_INACTIVE,		/* DC_CU05: not an active customisation of this app (arg: name) */
	E_EX_REASON,		/* DC_EX01: a class Ⅰ export needs a stated reason */
	E_EX_NOT_RELEASED,	/* DC_EX02: the held export is not released to the caller (arg: state) */
	E_EX_APPROVER,		/* DC_EX03: not an approver of this export (own, or no standing) */
	E_EX_DECIDED,		/* DC_EX04: the held export was already decided (arg: state) */
	/* incidents (Kuki 第39–41条) and comments (Abiko §11); DC_IN01 is E_INTERNAL's */
	E_INCIDENT_NOT_FOUND,	/* DC_IN11: no such incident, or not one the caller may see (arg: id) */
	E_INCIDENT_HANDLER,	/* DC_IN12: only the section's protection managers, chief protection
				 * managers and security administrators handle incidents */
	E_INCIDENT_STEP,	/* DC_IN13: status may only move one step forward (arg: from -> to) */
	E_INCIDENT_MISSING,	/* DC_IN14: the step needs a timeline entry first (arg: the entry, localised) */
	E_INCIDENT_ESCALATE,	/* DC_IN15: escalation not possible (arg: why, localised) */
	E_INCIDENT_CLOSED,	/* DC_IN16: a closed incident takes no more entries */
	E_COMMENTS_OFF,		/* DC_CM01: comments are switched off in this app */
	E_COMMENT_HISTORY,	/* DC_CM02: deleted comments: the app's managers and auditors only */
	/* ledger: the register of apps, hand-over, the auditor's report (Kuki 第16条, Abiko §9) */
	E_LEDGER_FILTER,	/* DC_LG11: bad ledger filter (arg: name) */
	E_HANDOVER_APPROVER,	/* DC_LG12: not allowed to settle this hand-over */
	E_HANDOVER_TO,		/* DC_LG13: cannot hand over to this person (arg: login or why) */
	/* mynumber: the My Number guard (Abiko §5(2)) */
	E_MYNUMBER,		/* DC_MN01: an individual number in a write (arg: where, localised) */
	E_MYNUMBER_CONFIRM,	/* DC_MN02: a possible individual number in prose (arg: where, localised) */
	/* crypto: class I encryption and crypto-erase (docs/ENCRYPTION.md) */
	E_CRYPTO_KEYS,		/* DC_CE01: a record key cannot be made or found (arg: app/record) */
	E_CRYPTO_OPEN,		/* DC_CE02: a sealed value cannot be opened (its key is gone) */
	/* hooks: API tokens and webhooks reviewed before use (Abiko §10) */
	E_TOKEN_UNREVIEWED,	/* DC_XT01: token not approved yet, or refused (arg: state) */
	E_HOOK_NOT_ALLOWED,	/* DC_XT02: webhook destination not on the allow-list (arg: host) */
	E_REVIEW_OWN,		/* DC_XT03: the author cannot review their own token or webhook */
	E_TOKEN_ABOVE_OWNER,	/* DC_XT04: token rights beyond the owner's (arg: rights) */
	E_TOKEN_EXPIRED,	/* DC_XT05: the token is past its expiry */
	E_REVIEW_DONE,		/* DC_XT06: already decided (arg: state) */
	E__COUNT
};

/* Messages for entries of the "errors" map. */
enum fmsg {
	FM_REQUIRED,		/* record field is required */
	FM_REQUIRED_PARAM,	/* request parameter is required */
	FM_UNIQUE,		/* value already exists in another record */
	FM_MAX_LENGTH,		/* arg: limit + 1 */
	FM_MIN_LENGTH,		/* arg: limit - 1 */
	FM_MAX_VALUE,		/* arg: limit */
	FM_MIN_VALUE,		/* arg: limit */
	FM_NUMBER,		/* only numbers */
	FM_NOT_OPTION,		/* arg: value */
	FM_DATE,		/* not a date */
	FM_TIME,		/* not a time */
	FM_DATETIME,		/* not a date-time */
	FM_TYPE,		/* wrong JSON type (arg: expected) */
	FM_INTEGER,		/* must be an integer */
	FM_MIN_1,		/* must be greater than or equal to 1 */
	FM_ENUM,		/* must be one of the enum value */
	FM_MAX_ADD,		/* A maximum of 100 records can be added at one time. */
	FM_MAX_UPDATE,		/* A maximum of 100 records can be updated at one time. */
	FM_MAX_DELETE,		/* Between 1 and 100 records can be deleted at one time. */
	FM_USER_UNKNOWN,	/* arg: user code */
	FM_FILE_UNKNOWN,	/* arg: file key */
	FM_QUERY,		/* query syntax error (arg: byte offset) */
	FM_TEXT,		/* arg: free text already localised by the caller */
	FM_DIGITS,		/* NUMBER with digit separators disallowed pattern */
	FM_LINK,		/* not a valid link for the protocol */
	FM_ID_AND_KEY,		/* both id and updateKey */
	FM_KEY_FIELD,		/* updateKey field must be unique (arg: code) */
	FM_FUTURE,		/* CREATED_TIME in the future */
	FM_TOO_MANY,		/* arg: limit */
	FM_TOO_LONG,		/* arg: limit */
	FM_INVALID,		/* generic "invalid value" */
	FM_DUPLICATE,		/* duplicate entry (arg: value) */
	FM_UNSUPPORTED,		/* arg: what */
	FM_UNIQUE_EXISTING,	/* existing records share values; cannot make unique */
	FM_PASSWORD_SHORT,	/* password shorter than the minimum */
	FM_PASSWORD_COMMON,	/* password is the login name or a common password */
	FM_PASSWORD_WRONG,	/* current password does not match */
	FM_CODE,		/* login name syntax */
	FM_QUERY_LIMITS,	/* query too long or too complex (arg: byte offset) */
	FM_ROLES_CONFLICT,	/* separated duties refuse a pair of roles (arg: the pair) */
	FM_PASSWORD_CLASSES,	/* accounts: municipal rule wants 3 of 4 character classes */
	FM_PASSWORD_REUSED,	/* accounts: one of the last N passwords (arg: N) */
	FM_TOTP_ON,		/* accounts: two-factor sign-in is already on */
	FM_TOTP_OFF,		/* accounts: two-factor sign-in is not on */
	FM_TOTP_NOT_STARTED,	/* accounts: confirm without enrolment */
	FM_MYNUMBER,		/* mynumber: an individual number in this value */
	FM_MYNUMBER_CONFIRM,	/* mynumber: possibly an individual number; confirm */
	FM_MYNUMBER_FILE,	/* mynumber: in the contents of a file (arg: file name) */
	FM_MYNUMBER_FILE_NAME,	/* mynumber: in a file's name */
	FM__COUNT
};

enum lang { LANG_JA = 0, LANG_EN = 1 };

struct field_err {
	const char *key;	/* exact key, e.g. "records[3].amount.value" */
	enum fmsg msg;		/* message template */
	const char *arg;	/* substituted for %s, or NULL */
};

struct err {
	enum err_code code;		/* E_OK when no error */
	char arg[192];			/* argument for the message's %s */
	long pos;			/* byte offset in the query or body, or -1 */
	struct field_err *fields;	/* arena-allocated field errors */
	size_t n_fields, cap_fields;
	struct arena *arena;		/* where field errors are allocated */
};

struct err_info {
	const char *kcode;		/* kintone-style code, e.g. "CB_VA01" */
	int status;			/* HTTP status */
	const char *msg[2];		/* message templates, [LANG_JA], [LANG_EN]; may hold one %s */
};

/* Resets e (keeping its arena) to "no error". */
void err_init(struct err *e, struct arena *a);
/* Sets the code and a printf-formatted argument (fmt may be NULL); returns -1. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds a field error under key (copied into the arena); sets E_INPUT if no code yet; returns -1. */
int err_field(struct err *e, const char *key, enum fmsg msg, const char *arg);
/* Table entry for a code (never NULL). */
const struct err_info *err_table(enum err_code code);
/* Field-error message template in a language. */
const char *err_fmsg(enum fmsg m, enum lang lang);
/* True when e holds an error. */
bool err_is(const struct err *e);

#endif
