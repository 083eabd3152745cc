/*
 * me: a person's own page (/me): their devices (revoke one), their sessions (end one or
 * every other), and "report a problem" (RULES.md row 15, Kumamoto 第17条), also
 * reachable signed out from the login page (/report).
 *
 * Every report opens an incident (紛失 漏えい 改ざん 障害 その他) and an inbox item for
 * the protection managers of the person's section and the chief protection managers.
 * What daicho does at once:
 * - lost or stolen device: the named device (or, when none is named, every device of
 *   the person) is revoked;
 * - leaked password: the password is replaced by a random one nobody knows and every
 *   session ends, so the account stays locked until an account administrator sets a
 *   new password (PUT /api/admin/user/password.json). Signed out, a leaked password may
 *   be reported with the login name only (the attacker may have changed the password):
 *   the same lock applies, since locking without proof is the safe direction.
 * The signed-out form is rate-limited per client address.
 */
#include "http/handlers/handlers.h"
#include "auth/authn.h"
#include "auth/crypto.h"
#include "core/timeutil.h"
#include "http/authn.h"
#include "http/params.h"
#include "store/devices.h"
#include "store/inbox.h"
#include "store/incidents.h"
#include "store/users.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_me_devices(struct req *r, struct res *s)
{
	struct device *d;
	size_t n;
	if (store_device_list(store_thread(), r->arena, r->who.user_id, NULL, &d, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "devices");
	devices_list_out(&s->w, d, n);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_me_device_revoke(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "id", &id) != 0)
		return -1;
	if (store_device_revoke(store_thread(), id, r->who.user_id, r->who.user_id,
				"本人による取消 / revoked by its owner", r->now, &r->err) != 0 ||
	    store_inbox_done_ref(store_thread(), "device.request", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_me_sessions(struct req *r, struct res *s)
{
	struct session_info *si;
	size_t n;
	if (store_sessions_of_user(store_thread(), r->arena, r->who.user_id, r->now, &si, &n,
				   &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "sessions");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		char t[21];
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", si[i].id);
		jsonw_kbool(&s->w, "current", r->who.kind == AK_SESSION && si[i].id == r->who.session_id);
		jsonw_kstr(&s->w, "client", si[i].client);
		time_fmt_utc((time_t)si[i].created_at, t);
		jsonw_kstr(&s->w, "createdAt", t);
		time_fmt_utc((time_t)si[i].last_seen, t);
		jsonw_kstr(&s->w, "lastSeen", t);
		time_fmt_utc((time_t)si[i].expires_at, t);
		jsonw_kstr(&s->w, "expiresAt", t);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_me_sessions_end(struct req *r, struct res *s)
{
	int64_t id = 0;
	bool others;
	if (param_bool(r, r->params, "others", false, &others) != 0)
		return -1;
	if (!others && param_id(r, r->params, "id", &id) != 0)
		return -1;
	int64_t keep = r->who.kind == AK_SESSION ? r->who.session_id : 0;
	if (store_sessions_end(store_thread(), r->who.user_id, others ? 0 : id, keep, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

static const struct {
	const char *kind, *ja;
} report_kinds[] = {
	{"lost", "紛失"}, {"leaked", "漏えい"}, {"tampering", "改ざん"}, {"failure", "障害"}, {"other", "その他"},
};

static const char *incident_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof report_kinds / sizeof report_kinds[0]; i++)
		if (strcmp(kind, report_kinds[i].kind) == 0)
			return report_kinds[i].ja;
	return NULL;
}

/* Replaces u's password by a random one nobody knows and ends all their sessions. */
static int lock_password(struct req *r, int64_t user_id)
{
	char pw[44], hash[CRYPTO_PWHASH_MAX];
	crypto_random_token(pw, 43);
	bool ok = crypto_password_hash(pw, hash);
	crypto_wipe(pw, sizeof pw);
	if (!ok)
		return err_set(&r->err, E_INTERNAL, NULL);
	if (store_user_set_password(store_thread(), user_id, hash, r->now, &r->err) != 0 ||
	    store_session_delete_user(store_thread(), user_id, &r->err) != 0)
		return -1;
	authn_cache_clear();
	return 0;
}

/*
 * Carries out a report about user u (inside a transaction): the immediate action, the
 * incident and the inbox items. reporter is 0 when unproven (signed out, login only).
 * brief: answer only the kind (signed out, so the answer tells nothing about the login).
 */
static int file_report(struct req *r, struct res *s, const struct user *u, int64_t reporter,
		       const char *kind, int64_t device_id, const char *summary, bool brief)
{
	struct store *st = store_thread();
	const char *action = "";
	if (strcmp(kind, "lost") == 0) {
		int n = 1;
		if (device_id > 0) {
			if (store_device_revoke(st, device_id, u->id, reporter, "紛失・盗難の届出 / reported lost or stolen",
						r->now, &r->err) != 0)
				return -1;
		} else if (store_devices_revoke_user(st, u->id, reporter, "紛失・盗難の届出 / reported lost or stolen",
						     r->now, &n, &r->err) != 0) {
			return -1;
		}
		action = arena_printf(r->arena, "devices revoked: %d", n);
	} else if (strcmp(kind, "leaked") == 0) {
		if (lock_password(r, u->id) != 0)
			return -1;
		action = "password replaced by a random one, sessions ended";
	}
	int64_t incident;
	struct incident in = {0};
	in.kind = incident_kind(kind);
	in.reporter_id = reporter;
	in.reporter_code = reporter ? u->code : "";
	in.subject_id = u->id;
	in.subject_code = u->code;
	in.section_id = u->section_id;
	in.summary = summary;
	in.action = action;
	in.client = r->client;
	if (incident_open(r, &in, &incident) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "kind", incident_kind(kind));
	if (!brief) {
		jsonw_kint_str(&s->w, "incident", incident);
		jsonw_kstr(&s->w, "action", action);
	}
	jsonw_obj_end(&s->w);
	return 0;
}

/* Reads kind, deviceId and summary. */
static int report_params(struct req *r, const char **kind, int64_t *device_id, const char **summary)
{
	*device_id = 0;
	if (param_str(r, r->params, "kind", "", kind) != 0 ||
	    param_str(r, r->params, "summary", "", summary) != 0 ||
	    param_int(r, r->params, "deviceId", 0, device_id) != 0)
		return -1;
	if (incident_kind(*kind) == NULL)
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (strlen(*summary) > 4000)
		return err_field(&r->err, "summary", FM_TOO_LONG, "4000");
	if (strcmp(*kind, "other") == 0 && **summary == '\0')
		return err_field(&r->err, "summary", FM_REQUIRED_PARAM, NULL);
	return 0;
}

int h_me_report(struct req *r, struct res *s)
{
	const char *kind, *summary;
	int64_t device_id;
	struct user u;
	if (report_params(r, &kind, &device_id, &summary) != 0 ||
	    store_user_by_id(store_thread(), r->arena, r->who.user_id, &u, &r->err) != 0)
		return -1;
	if (file_report(r, s, &u, r->who.user_id, kind, device_id, summary, false) != 0)
		return -1;
	if (strcmp(kind, "leaked") == 0 && r->who.kind == AK_SESSION)
		r->set_cookie = arena_printf(r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
					     SESSION_COOKIE, session_cookie_secure() ? "; Secure" : "");
	return 0;
}

/* The signed-out form: at most REPORT_MAX per address in REPORT_WINDOW seconds. */
enum { REPORT_SLOTS = 256, REPORT_MAX = 5, REPORT_WINDOW = 600 };
static struct {
	char client[64];
	int64_t since;
	int count;
} report_rate[REPORT_SLOTS];
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

static bool report_allowed(const char *client, int64_t now)
{
	unsigned h = 5381;
	for (const char *p = client; *p; p++)
		h = h * 33 + (unsigned char)*p;
	pthread_mutex_lock(&report_lock);
	typeof(&report_rate[0]) slot = &report_rate[h % REPORT_SLOTS];
	if (strncmp(slot->client, client, sizeof slot->client) != 0 || slot->since + REPORT_WINDOW <= now) {
		snprintf(slot->client, sizeof slot->client, "%s", client);
		slot->since = now;
		slot->count = 0;
	}
	bool ok = ++slot->count <= REPORT_MAX;
	pthread_mutex_unlock(&report_lock);
	return ok;
}

int h_report_public(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *login, *password, *kind, *summary;
	int64_t device_id;
	struct user u;
	if (!report_allowed(r->client ? r->client : "", r->now))
		return err_set(&r->err, E_REPORT_RATE, NULL);
	if (param_str(r, r->params, "login", "", &login) != 0 ||
	    param_str(r, r->params, "password", "", &password) != 0 ||
	    report_params(r, &kind, &device_id, &summary) != 0)
		return -1;
	if (*login == '\0' || strlen(login) > 128)
		return err_field(&r->err, "login", FM_REQUIRED_PARAM, NULL);
	r->who.user_code = arena_strdup(r->arena, login);	/* for the access log */
	int64_t reporter = 0;
	if (*password != '\0') {
		if (strlen(password) > 1024)
			return err_set(&r->err, E_LOGIN_FAILED, NULL);
		/* Right password of a suspended account still proves the person. */
		if (authn_password(st, r->arena, login, password, r->now, E_LOGIN_FAILED, &r->who,
				   &r->err) != 0 && r->err.code != E_ACCOUNT_DISABLED)
			return -1;
		err_init(&r->err, r->arena);
		if (store_user_by_code(st, r->arena, login, &u, &r->err) != 0)
			return -1;
		reporter = u.id;
	} else if (strcmp(kind, "leaked") != 0) {
		return err_field(&r->err, "password", FM_REQUIRED_PARAM, NULL);
	} else if (store_user_by_code(st, r->arena, login, &u, &r->err) != 0) {
		if (r->err.code != E_USER_NOT_FOUND)
			return -1;
		/* Unknown login: answer as for a real one (no way to probe login names). */
		err_init(&r->err, r->arena);
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "kind", "漏えい");
		jsonw_obj_end(&s->w);
		return 0;
	}
	if (store_begin(st, &r->err) != 0)
		return -1;
	if (file_report(r, s, &u, reporter, kind, device_id, summary, true) != 0 ||
	    store_commit(st, &r->err) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
