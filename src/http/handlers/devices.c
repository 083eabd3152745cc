/*
 * devices: registering a browser as a device (RULES.md row 5: Abiko §7, Kumamoto
 * 第11–12条, 第16条(4)) and the device administration of security administrators.
 *
 * A request stores the Kumamoto form (type, OS and version, security software, owner,
 * note) and gives the asking browser its credential at once, in an HttpOnly,
 * SameSite=Strict cookie; the credential counts only once an approver (a security
 * administrator, or the head of the requester's section or department) approves it,
 * and stops counting the moment it is revoked. So the credential never travels after
 * approval and is bound to the browser that asked. The approvers get inbox items with
 * approve and refuse actions.
 */
#include "http/handlers/handlers.h"
#include "auth/crypto.h"
#include "core/timeutil.h"
#include "http/gate_device.h"
#include "http/params.h"
#include "rules/policy.h"
#include "store/devices.h"
#include "store/inbox.h"

#include <stdlib.h>
#include <string.h>

/* Browsers cap cookie lifetimes at 400 days; the device lives until revoked. */
enum { DEVICE_COOKIE_AGE = 400 * 86400 };
/* Open (pending) requests one person may have at once. */
enum { PENDING_MAX = 3 };

static const char *const kinds[] = {"city_pc", "personal_pc", "tablet", "smartphone"};

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return true;
	return false;
}

/* Whether personal devices may be registered in section_id. */
static int personal_allowed(struct req *r, int64_t section_id, bool *out)
{
	int v = -1;
	if (section_id > 0 &&
	    store_section_devices_personal(store_thread(), section_id, &v, &r->err) != 0)
		return -1;
	*out = v < 0 ? policy_bool("devices.personal_allowed") : v == 1;
	return 0;
}

static void device_out(struct jsonw *w, const struct device *d)
{
	char t[21];
	jsonw_obj(w);
	jsonw_kint_str(w, "id", d->id);
	jsonw_kstr(w, "user", d->user_code);
	jsonw_kstr(w, "userName", d->user_name);
	jsonw_kstr(w, "kind", d->kind);
	jsonw_kstr(w, "owner", d->owner);
	jsonw_kstr(w, "os", d->os);
	jsonw_kstr(w, "security", d->security);
	jsonw_kstr(w, "note", d->note);
	jsonw_kstr(w, "status", d->status);
	jsonw_kstr(w, "client", d->client);
	jsonw_kstr(w, "reason", d->reason);
	jsonw_kstr(w, "decidedBy", d->decided_by);
	jsonw_kstr(w, "revokedBy", d->revoked_by);
	time_fmt_utc((time_t)d->requested_at, t);
	jsonw_kstr(w, "requestedAt", t);
	if (d->decided_at) {
		time_fmt_utc((time_t)d->decided_at, t);
		jsonw_kstr(w, "decidedAt", t);
	} else {
		jsonw_knull(w, "decidedAt");
	}
	if (d->revoked_at) {
		time_fmt_utc((time_t)d->revoked_at, t);
		jsonw_kstr(w, "revokedAt", t);
	} else {
		jsonw_knull(w, "revokedAt");
	}
	if (d->last_seen) {
		time_fmt_utc((time_t)d->last_seen, t);
		jsonw_kstr(w, "lastSeen", t);
	} else {
		jsonw_knull(w, "lastSeen");
	}
	jsonw_obj_end(w);
}

void devices_list_out(struct jsonw *w, const struct device *d, size_t n)
{
	jsonw_arr(w);
	for (size_t i = 0; i < n; i++)
		device_out(w, &d[i]);
	jsonw_arr_end(w);
}

int h_device_status(struct req *r, struct res *s)
{
	int64_t id;
	bool personal;
	const char *state = gate_device_state(r, &id);
	if (personal_allowed(r, r->who.section_id, &personal) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "required", policy_bool("devices.required"));
	jsonw_kbool(&s->w, "personalAllowed", personal);
	jsonw_kstr(&s->w, "state", state);
	if (id > 0) {
		struct device d;
		if (store_device_get(store_thread(), r->arena, id, &d, &r->err) != 0)
			return -1;
		jsonw_key(&s->w, "device");
		device_out(&s->w, &d);
	}
	jsonw_obj_end(&s->w);
	return 0;
}
/* Adds uid to the list ids (of *n) unless there or 0. */
static void add_unique(int64_t *ids, size_t *n, size_t max, int64_t uid)
{
	if (uid <= 0 || *n == max)
		return;
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == uid)
			return;
	ids[(*n)++] = uid;
}

/* Sends the approvers of device d an inbox item with approve and refuse actions. */
static int notify_approvers(struct req *r, const struct device *d)
{
	struct store *st = store_thread();
	int64_t *admins, ids[64], head = 0, dept = 0;
	size_t n_admins, n = 0;
	if (store_users_with_roles(st, r->arena, ROLE_SECURITY_ADMIN, &admins, &n_admins, &r->err) != 0 ||
	    store_org_heads_of(st, d->user_id, &head, &dept, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < n_admins; i++)
		add_unique(ids, &n, 64, admins[i]);
	add_unique(ids, &n, 64, head);
	json_t *detail = json_pack("{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}],"
				   "s:{s:I,s:s,s:s,s:s,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "承認する", "en", "Approve", "method", "POST", "path", "/api/device/decide.json",
		"body", "id", (json_int_t)d->id, "approve", 1,
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path", "/api/device/decide.json",
		"body", "id", (json_int_t)d->id, "approve", 0,
		"device", "id", (json_int_t)d->id, "user", r->who.user_code, "kind", d->kind,
		"owner", d->owner, "os", d->os, "security", d->security, "note", d->note);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "端末登録の申請 / Device registration: %s (%s, %s)",
					   r->who.user_name, d->kind, d->os);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (ids[i] != d->user_id)
			rc = store_inbox_add(st, ids[i], "device.request", d->id, subject, text, r->now, &r->err);
	free(text);
	return rc;
}

int h_device_request(struct req *r, struct res *s)
{
	struct device d = {0};
	bool allowed;
	if (r->who.kind != AK_SESSION)
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	if (param_text(r, "kind", NULL, 32, &d.kind) != 0 ||
	    param_text(r, "owner", NULL, 32, &d.owner) != 0 ||
	    param_text(r, "os", NULL, 200, &d.os) != 0 ||
	    param_text(r, "security", NULL, 200, &d.security) != 0 ||
	    param_text(r, "note", "", 1000, &d.note) != 0)
		return -1;
	if (!one_of(d.kind, kinds, 4))
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (strcmp(d.owner, "city") != 0 && strcmp(d.owner, "personal") != 0)
		return err_field(&r->err, "owner", FM_ENUM, NULL);
	bool personal = strcmp(d.owner, "personal") == 0 || strcmp(d.kind, "personal_pc") == 0;
	if (personal_allowed(r, r->who.section_id, &allowed) != 0)
		return -1;
	if (personal && !allowed)
		return err_set(&r->err, E_DEVICE_PERSONAL, NULL);
	/* A few open requests at a time, so approvers' inboxes cannot be flooded. */
	struct device *open;
	size_t n_open;
	if (store_device_list(store_thread(), r->arena, r->who.user_id, "pending", &open, &n_open,
			      &r->err) != 0)
		return -1;
	if (n_open >= PENDING_MAX)
		return err_field(&r->err, "kind", FM_TOO_MANY, "3");
	char cred[44];
	unsigned char hash[CRYPTO_HASH_LEN];
	crypto_random_token(cred, 43);
	crypto_token_hash(cred, hash);
	d.user_id = r->who.user_id;
	d.client = r->client;
	if (store_device_insert(store_thread(), &d, hash, sizeof hash, r->now, &r->err) != 0 ||
	    notify_approvers(r, &d) != 0) {
		crypto_wipe(cred, sizeof cred);
		return -1;
	}
	res_header(s, "Set-Cookie",
		   arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
				DEVICE_COOKIE, cred, DEVICE_COOKIE_AGE,
				session_cookie_secure() ? "; Secure" : ""));
	crypto_wipe(cred, sizeof cred);
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", d.id);
	jsonw_kstr(&s->w, "status", d.status);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_device_decide(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id, head = 0, dept = 0;
	bool approve;
	const char *reason;
	struct device d;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    param_bool(r, r->params, "approve", false, &approve) != 0 ||
	    param_text(r, "reason", "", 1000, &reason) != 0)
		return -1;
	if (json_object_get(r->params, "approve") == NULL)
		return err_field(&r->err, "approve", FM_REQUIRED_PARAM, NULL);
	if (store_device_get(st, r->arena, id, &d, &r->err) != 0 ||
	    store_org_heads_of(st, d.user_id, &head, &dept, &r->err) != 0)
		return -1;
	bool approver = (r->who.roles & ROLE_SECURITY_ADMIN) || r->who.user_id == head ||
			r->who.user_id == dept;
	/* Nobody approves their own device in a browser; the first security administrator's
	 * device is approved from the server itself (password header from api.allow). */
	if (!approver || (d.user_id == r->who.user_id && r->who.kind == AK_SESSION))
		return err_set(&r->err, E_DEVICE_APPROVER, NULL);
	if (store_device_decide(st, id, approve, r->who.user_id, reason, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "device.request", id, r->now, &r->err) != 0)
		return -1;
	const char *subject = approve
		? "端末の登録が承認されました / Your device registration was approved"
		: "端末の登録が却下されました / Your device registration was refused";
	if (store_inbox_add(st, d.user_id, "device.decision", id, subject, "{}", r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "status", approve ? "approved" : "refused");
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_devices_get(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *status;
	struct device *d;
	struct section_devices *sd;
	size_t n, ns;
	if (param_str(r, r->params, "status", NULL, &status) != 0)
		return -1;
	if (store_device_list(st, r->arena, 0, status, &d, &n, &r->err) != 0 ||
	    store_section_devices_list(st, r->arena, &sd, &ns, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "required", policy_bool("devices.required"));
	jsonw_kbool(&s->w, "personalAllowed", policy_bool("devices.personal_allowed"));
	jsonw_key(&s->w, "devices");
	devices_list_out(&s->w, d, n);
	jsonw_key(&s->w, "sections");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < ns; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "code", sd[i].code);
		jsonw_kstr(&s->w, "name", sd[i].name);
		if (sd[i].personal < 0)
			jsonw_knull(&s->w, "personalAllowed");
		else
			jsonw_kbool(&s->w, "personalAllowed", sd[i].personal == 1);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_device_revoke(struct req *r, struct res *s)
{
	int64_t id;
	const char *reason;
	if (param_id(r, r->params, "id", &id) != 0 || param_text(r, "reason", NULL, 1000, &reason) != 0)
		return -1;
	if (store_device_revoke(store_thread(), id, 0, r->who.user_id, reason, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(store_thread(), "device.request", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "status", "revoked");
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_device_section(struct req *r, struct res *s)
{
	const char *section;
	if (param_text(r, "section", NULL, 128, &section) != 0)
		return -1;
	json_t *v = json_object_get(r->params, "personalAllowed");
	if (v == NULL)
		return err_field(&r->err, "personalAllowed", FM_REQUIRED_PARAM, NULL);
	if (!json_is_null(v) && !json_is_boolean(v))
		return err_field(&r->err, "personalAllowed", FM_TYPE, "true, false, null");
	int value = json_is_null(v) ? -1 : json_is_true(v) ? 1 : 0;
	if (store_section_set_devices_personal(store_thread(), section, value, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
