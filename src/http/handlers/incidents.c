/*
 * incidents: incident records and their handling (RULES.md row 30; Kuki 第39–41条, Yabu
 * 第12条, 第15条, Kumamoto 第17条). Anyone reports; the protection managers of the
 * incident's section, the chief protection managers and security administrators handle
 * (timeline entries, escalation, status, severity, the national report flag); auditors
 * read every incident; a reporter reads their own; the mayor's office (the section named
 * by the policy incidents.mayor_section) reads those escalated to it.
 *
 * Escalation goes protection managers -> chief protection managers -> the mayor's office,
 * one inbox item per person at each level (kind "incident" when opened,
 * "incident.escalated" after). Serious incidents go to the mayor's office at once
 * (第39条3–4). The status path and what each step needs are rules/incidents.c's.
 * The "report a problem" forms (me.c) open incidents through incident_open().
 */
#include "http/handlers/handlers.h"
#include "http/mynumber_guard.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "http/params.h"
#include "rules/incidents.h"
#include "rules/policy.h"
#include "store/inbox.h"
#include "store/incidents.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TEXT_MAX = 4000, LIST_MAX = 100, RECIPIENTS_MAX = 64 };

/* A set of user ids without duplicates. */
struct people {
	int64_t id[RECIPIENTS_MAX];
	size_t n;
};

static void people_add(struct people *p, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n && p->n < RECIPIENTS_MAX; i++) {
		bool seen = false;
		for (size_t j = 0; j < p->n && !seen; j++)
			seen = p->id[j] == ids[i];
		if (!seen && ids[i] > 0)
			p->id[p->n++] = ids[i];
	}
}

/* The mayor's office: the unit named by incidents.mayor_section (0 when none). */
static int mayor_unit(struct req *r, int64_t *unit, int64_t *head)
{
	char code[128];
	*unit = *head = 0;
	if (policy_text("incidents.mayor_section", code, sizeof code) == 0)
		return 0;
	return store_unit_by_code(store_thread(), code, unit, head, &r->err);
}

/* The people a level reaches for incident in. E_INCIDENT_ESCALATE when nobody. */
static int level_people(struct req *r, const struct incident *in, enum incident_level l,
			struct people *p)
{
	struct store *st = store_thread();
	int64_t *ids;
	size_t n;
	p->n = 0;
	if (l == INC_LEVEL_MANAGER) {
		if (in->section_id > 0 &&
		    store_org_protection_managers(st, r->arena, in->section_id, &ids, &n, &r->err) != 0)
			return -1;
		if (in->section_id > 0)
			people_add(p, ids, n);
	} else if (l == INC_LEVEL_CHIEF) {
		if (store_users_with_roles(st, r->arena, ROLE_CHIEF_PROTECTION, &ids, &n, &r->err) != 0)
			return -1;
		people_add(p, ids, n);
		if (p->n == 0)
			return err_set(&r->err, E_INCIDENT_ESCALATE, "%s",
				       r->lang == LANG_EN ? "nobody holds the role chief_protection_manager."
							  : "総括保護管理者（chief_protection_manager）の役割を持つ人がいません。");
	} else {
		int64_t unit, head;
		if (mayor_unit(r, &unit, &head) != 0)
			return -1;
		if (unit == 0)
			return err_set(&r->err, E_INCIDENT_ESCALATE, "%s",
				       r->lang == LANG_EN
				       ? "no mayor's office is set (policy incidents.mayor_section, Kuki 第39条4)."
				       : "市長への報告先（incidents.mayor_section）が未設定です（久喜市 第39条4）。");
		people_add(p, &head, 1);
		if (store_org_protection_managers(st, r->arena, unit, &ids, &n, &r->err) != 0)
			return -1;
		people_add(p, ids, n);
		if (p->n == 0) {
			if (store_section_members(st, r->arena, unit, &ids, &n, &r->err) != 0)
				return -1;
			people_add(p, ids, n);
		}
		if (p->n == 0)
			return err_set(&r->err, E_INCIDENT_ESCALATE, "%s",
				       r->lang == LANG_EN ? "the mayor's office has nobody in it."
							  : "市長への報告先の課に職員がいません。");
	}
	return 0;
}

static const char *level_label(enum incident_level l, bool en)
{
	static const char *const ja[] = {"", "保護管理者", "総括保護管理者", "市長"};
	static const char *const eng[] = {"", "protection managers", "chief protection managers",
					  "the mayor's office"};
	return en ? eng[l] : ja[l];
}

/* Sends inbox items of kind about in to p, with a link to the incident. */
static int notify(struct req *r, const struct incident *in, struct people *p, const char *kind,
		  const char *subj_ja, const char *subj_en, json_t *extra)
{
	json_t *d = json_pack("{s:{s:I,s:s,s:s,s:s,s:s,s:b},s:{s:s,s:s},s:[{s:{s:s,s:s},s:s}]}",
			      "incident", "id", (json_int_t)in->id, "kind", in->kind, "user",
			      in->subject_code ? in->subject_code : "", "summary", in->summary,
			      "action", in->action ? in->action : "", "serious", in->serious,
			      "subject", "ja", subj_ja, "en", subj_en,
			      "actions", "label", "ja", "事案を開く", "en", "Open the incident",
			      "href", arena_printf(r->arena, "/incidents?id=%lld", (long long)in->id));
	if (d == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	if (extra) {
		json_object_update(json_object_get(d, "incident"), extra);
		json_decref(extra);
	}
	char *text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "%s / %s", subj_ja, subj_en);
	int rc = 0;
	for (size_t i = 0; i < p->n && rc == 0; i++)
		rc = store_inbox_add(store_thread(), p->id[i], kind, in->id, subject, text, r->now, &r->err);
	free(text);
	return rc;
}

/* Moves in up to level to, one level at a time, with an entry and inbox items at each. */
static int escalate_to(struct req *r, struct incident *in, enum incident_level to,
		       const char *text)
{
	enum incident_level at = incident_level_parse(in->level);
	while (at < to) {
		enum incident_level next = at + 1;
		struct people p;
		if (level_people(r, in, next, &p) != 0)
			return -1;
		in->level = incident_level_name(next);
		json_t *d = json_pack("{s:s,s:s}", "from", incident_level_name(at), "to", in->level);
		char *dt = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		int64_t id;
		int rc = store_incident_entry_add(store_thread(), in->id, r->who.user_id, "escalation",
						  text, dt, r->now, &id, &r->err);
		free(dt);
		if (rc != 0 || store_incident_update(store_thread(), in, r->now, &r->err) != 0)
			return -1;
		const char *ja = arena_printf(r->arena, "事案の報告（%s へ）: %s #%lld%s", level_label(next, false),
					      in->kind, (long long)in->id, in->serious ? "（重大）" : "");
		const char *en = arena_printf(r->arena, "Incident escalated to %s: %s #%lld%s",
					      level_label(next, true), incident_kind_code(in->kind),
					      (long long)in->id, in->serious ? " (serious)" : "");
		if (notify(r, in, &p, "incident.escalated", ja, en, NULL) != 0)
			return -1;
		at = next;
	}
	return 0;
}

/*
 * Kuki 第39条3–4: a serious incident goes up to the mayor's office at once. When a level
 * has nobody (no chief protection manager, no mayor's office set) the incident stays
 * where it got to and a timeline note says why, so the report itself is never lost.
 */
static int escalate_serious(struct req *r, struct incident *in, const char *text)
{
	if (escalate_to(r, in, INC_LEVEL_MAYOR, text) == 0)
		return 0;
	if (r->err.code != E_INCIDENT_ESCALATE)
		return -1;
	int64_t e;
	const char *why = arena_printf(r->arena, "%s", r->err.arg);
	err_init(&r->err, r->arena);
	return store_incident_entry_add(store_thread(), in->id, 0, "note", why, NULL, r->now, &e, &r->err);
}

int incident_open(struct req *r, const struct incident *draft, int64_t *id)
{
	struct store *st = store_thread();
	struct incident in = *draft;
	struct people p = {0}, chiefs = {0};
	if (level_people(r, &in, INC_LEVEL_MANAGER, &p) != 0)
		return -1;
	int64_t *ids;
	size_t n;
	if (store_users_with_roles(st, r->arena, ROLE_CHIEF_PROTECTION, &ids, &n, &r->err) != 0)
		return -1;
	people_add(&chiefs, ids, n);
	/* No protection manager in the section: the chief protection managers handle it. */
	in.level = p.n > 0 ? "protection_manager" : "chief";
	in.status = "open";
	if (store_incident_open(st, &in, r->now, id, &r->err) != 0)
		return -1;
	in.id = *id;
	/* Kumamoto 第17条: the report reaches the chief protection managers at once too. */
	people_add(&p, chiefs.id, chiefs.n);
	const char *ja = arena_printf(r->arena, "事故の届出: %s — %s%s", in.kind,
				      in.subject_code && *in.subject_code ? in.subject_code : in.reporter_code,
				      in.serious ? "（重大）" : "");
	const char *en = arena_printf(r->arena, "Incident report: %s — %s%s", incident_kind_code(in.kind),
				      in.subject_code && *in.subject_code ? in.subject_code : in.reporter_code,
				      in.serious ? " (serious)" : "");
	json_t *extra = json_pack("{s:b}", "proven", in.reporter_id != 0);
	if (notify(r, &in, &p, "incident", ja, en, extra) != 0)
		return -1;
	return in.serious ? escalate_serious(r, &in, "重大な事案: 直ちに報告 / serious: reported at once") : 0;
}

/* What the caller may do with in: handle (implies read) or only read. */
static int access_of(struct req *r, const struct incident *in, bool *handle, bool *read)
{
	*handle = *read = false;
	if (r->who.roles & (ROLE_CHIEF_PROTECTION | ROLE_SECURITY_ADMIN)) {
		*handle = *read = true;
		return 0;
	}
	if (in->section_id > 0 &&
	    store_is_protection_manager(store_thread(), r->who.user_id, in->section_id, handle,
					&r->err) != 0)
		return -1;
	*read = *handle || (r->who.roles & ROLE_AUDITOR) || in->reporter_id == r->who.user_id;
	if (!*read && strcmp(in->level, "mayor") == 0 && r->who.section_id > 0) {
		int64_t unit, head;
		if (mayor_unit(r, &unit, &head) != 0)
			return -1;
		*read = unit == r->who.section_id;
	}
	return 0;
}

/* Loads the incident named by "id" that the caller may read (handle: must handle). */
static int load(struct req *r, struct incident *in, bool need_handle, bool *handle)
{
	int64_t id;
	bool read;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_incident_get(store_thread(), r->arena, id, in, &r->err) != 0 ||
	    access_of(r, in, handle, &read) != 0)
		return -1;
	if (!read)
		return err_set(&r->err, E_INCIDENT_NOT_FOUND, "%lld", (long long)id);
	if (need_handle && !*handle)
		return err_set(&r->err, E_INCIDENT_HANDLER, NULL);
	return 0;
}

static void time_out(struct jsonw *w, const char *k, int64_t t)
{
	char buf[21];
	time_fmt_utc((time_t)t, buf);
	jsonw_kstr(w, k, buf);
}

static void incident_out(struct jsonw *w, const struct incident *in)
{
	jsonw_kint_str(w, "id", in->id);
	jsonw_kstr(w, "kind", in->kind);
	jsonw_kstr(w, "kindCode", incident_kind_code(in->kind));
	jsonw_kstr(w, "summary", in->summary);
	jsonw_kstr(w, "action", in->action);
	jsonw_kstr(w, "status", in->status);
	jsonw_kstr(w, "level", in->level);
	jsonw_kbool(w, "serious", in->serious);
	jsonw_kbool(w, "nationalReport", in->national_report);
	jsonw_kstr(w, "nationalReportDate", in->national_report_date);
	jsonw_kstr(w, "reporter", in->reporter_code);
	jsonw_kstr(w, "reporterName", in->reporter_name);
	jsonw_kstr(w, "subject", in->subject_code);
	jsonw_kstr(w, "section", in->section_code);
	jsonw_kstr(w, "sectionName", in->section_name);
	time_out(w, "createdAt", in->created_at);
	time_out(w, "updatedAt", in->updated_at);
}

/* A text parameter of at most TEXT_MAX characters; required unless def is given. */
static int text_param(struct req *r, const char *name, const char *def, const char **out)
{
	if (param_text(r, name, def, TEXT_MAX, out) != 0)
		return -1;
	/* Incident texts describe leaks: they must not become one (Abiko §5(2)). */
	bool confirmed;
	return mnguard_text(r, NULL, name, "事案の記述", "The incident text", *out, &confirmed);
}

int h_incidents_get(struct req *r, struct res *s)
{
	struct incident_filter f = {0};
	const char *section, *kind;
	int64_t serious;
	if (param_str(r, r->params, "status", "", &f.status) != 0 ||
	    param_str(r, r->params, "kind", "", &kind) != 0 ||
	    param_str(r, r->params, "level", "", &f.level) != 0 ||
	    param_str(r, r->params, "section", "", &section) != 0 ||
	    param_int(r, r->params, "serious", -1, &serious) != 0 ||
	    param_int(r, r->params, "limit", LIST_MAX, &f.limit) != 0 ||
	    param_int(r, r->params, "offset", 0, &f.offset) != 0)
		return -1;
	if (*f.status && !incident_status_parse(f.status))
		return err_field(&r->err, "status", FM_ENUM, NULL);
	if (*f.level && !incident_level_parse(f.level))
		return err_field(&r->err, "level", FM_ENUM, NULL);
	f.kind = *kind ? incident_kind_ja(kind) : "";
	if (f.kind == NULL)
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (serious < -1 || serious > 1)
		return err_field(&r->err, "serious", FM_ENUM, NULL);
	f.serious = (int)serious;
	if (f.limit < 1 || f.limit > LIST_MAX)
		return err_field(&r->err, "limit", FM_TEXT, "1 - 100");
	if (f.offset < 0)
		return err_field(&r->err, "offset", FM_INVALID, NULL);
	if (*section) {
		int64_t head;
		if (store_unit_by_code(store_thread(), section, &f.section_id, &head, &r->err) != 0)
			return -1;
		if (f.section_id == 0)
			return err_field(&r->err, "section", FM_INVALID, NULL);
	}
	f.all = (r->who.roles & (ROLE_CHIEF_PROTECTION | ROLE_SECURITY_ADMIN | ROLE_AUDITOR)) != 0;
	f.viewer_id = r->who.user_id;
	int64_t unit, head;
	if (mayor_unit(r, &unit, &head) != 0)
		return -1;
	f.viewer_mayor = unit > 0 && unit == r->who.section_id;
	bool manager = false;
	if (store_is_protection_manager_any(store_thread(), r->who.user_id, &manager, &r->err) != 0)
		return -1;
	struct incident *list;
	size_t n;
	int64_t total;
	if (store_incident_list(store_thread(), r->arena, &f, &list, &n, &total, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "incidents");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		incident_out(&s->w, &list[i]);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_kint_str(&s->w, "totalCount", total);
	jsonw_kbool(&s->w, "handler", manager || (r->who.roles & (ROLE_CHIEF_PROTECTION | ROLE_SECURITY_ADMIN)));
	jsonw_kbool(&s->w, "mayorSectionSet", unit > 0);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_incident_get(struct req *r, struct res *s)
{
	struct incident in;
	struct incident_entry *x;
	size_t n;
	bool handle;
	if (load(r, &in, false, &handle) != 0 ||
	    store_incident_entries(store_thread(), r->arena, in.id, &x, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "incident");
	jsonw_obj(&s->w);
	incident_out(&s->w, &in);
	jsonw_kbool(&s->w, "canHandle", handle);
	jsonw_key(&s->w, "entries");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", x[i].id);
		time_out(&s->w, "at", x[i].at);
		jsonw_kstr(&s->w, "user", x[i].user_code);
		jsonw_kstr(&s->w, "userName", x[i].user_name);
		jsonw_kstr(&s->w, "kind", x[i].kind);
		jsonw_kstr(&s->w, "text", x[i].text);
		jsonw_key(&s->w, "detail");
		jsonw_raw(&s->w, x[i].detail, strlen(x[i].detail));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_incidents_add(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *kind, *summary, *subject, *section;
	bool serious;
	struct incident in = {0};
	struct user me, sub;
	if (param_str(r, r->params, "kind", "", &kind) != 0 || text_param(r, "summary", NULL, &summary) != 0 ||
	    param_str(r, r->params, "subject", "", &subject) != 0 ||
	    param_str(r, r->params, "section", "", &section) != 0 ||
	    param_bool(r, r->params, "serious", false, &serious) != 0)
		return -1;
	if ((in.kind = incident_kind_ja(kind)) == NULL)
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (store_user_by_id(st, r->arena, r->who.user_id, &me, &r->err) != 0)
		return -1;
	in.reporter_id = me.id;
	in.reporter_code = me.code;
	in.section_id = me.section_id;
	in.subject_code = "";
	if (*subject) {
		if (store_user_by_code(st, r->arena, subject, &sub, &r->err) != 0) {
			if (r->err.code != E_USER_NOT_FOUND)
				return -1;
			err_init(&r->err, r->arena);
			return err_field(&r->err, "subject", FM_USER_UNKNOWN, subject);
		}
		in.subject_id = sub.id;
		in.subject_code = sub.code;
	}
	if (*section) {
		int64_t head;
		if (store_unit_by_code(st, section, &in.section_id, &head, &r->err) != 0)
			return -1;
		if (in.section_id == 0)
			return err_field(&r->err, "section", FM_INVALID, NULL);
	}
	in.summary = summary;
	in.action = "";
	in.client = r->client;
	in.serious = serious;
	int64_t id;
	if (incident_open(r, &in, &id) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_incident_entry(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	struct incident in;
	bool handle;
	const char *kind, *text, *action;
	if (load(r, &in, true, &handle) != 0)
		return -1;
	if (strcmp(in.status, "closed") == 0)
		return err_set(&r->err, E_INCIDENT_CLOSED, NULL);
	if (param_str(r, r->params, "kind", "", &kind) != 0 || text_param(r, "text", NULL, &text) != 0 ||
	    param_str(r, r->params, "action", "", &action) != 0)
		return -1;
	if (!incident_entry_kind_ok(kind))
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	json_t *detail = json_object();
	struct people share = {0};
	if (strcmp(kind, "containment") == 0) {
		if (!incident_containment_ok(action)) {
			json_decref(detail);
			return err_field(&r->err, "action", *action ? FM_ENUM : FM_REQUIRED_PARAM, NULL);
		}
		json_object_set_new(detail, "action", json_string(action));
	}
	json_t *sections = json_object_get(r->params, "sections");
	if (strcmp(kind, "prevention") == 0 && sections != NULL && !json_is_null(sections)) {
		if (!json_is_array(sections) || json_array_size(sections) > 50) {
			json_decref(detail);
			return err_field(&r->err, "sections", FM_TYPE, "array");
		}
		json_t *codes = json_array();
		size_t i;
		json_t *v;
		json_array_foreach(sections, i, v) {
			int64_t unit, head, *ids;
			size_t n;
			const char *code = json_string_value(v);
			if (code == NULL || store_unit_by_code(st, code, &unit, &head, &r->err) != 0 || unit == 0) {
				json_decref(detail);
				json_decref(codes);
				if (r->err.code != E_OK && r->err.code != E_INPUT)
					return -1;
				return err_field(&r->err, arena_printf(r->arena, "sections[%zu]", i), FM_INVALID, NULL);
			}
			if (store_org_protection_managers(st, r->arena, unit, &ids, &n, &r->err) != 0) {
				json_decref(detail);
				json_decref(codes);
				return -1;
			}
			people_add(&share, ids, n);
			if (n == 0)
				people_add(&share, &head, 1);
			json_array_append_new(codes, json_string(code));
		}
		json_object_set_new(detail, "sections", codes);
	}
	char *dt = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	int64_t id;
	int rc = dt ? store_incident_entry_add(st, in.id, r->who.user_id, kind, text, dt, r->now, &id, &r->err)
		    : err_set(&r->err, E_INTERNAL, NULL);
	free(dt);
	if (rc != 0)
		return -1;
	if (share.n > 0) {
		/* Kuki 第39条5: the recurrence-prevention action is shared with similar sections. */
		const char *ja = arena_printf(r->arena, "再発防止策の共有: %s #%lld", in.kind, (long long)in.id);
		const char *en = arena_printf(r->arena, "Recurrence prevention shared: %s #%lld",
					      incident_kind_code(in.kind), (long long)in.id);
		json_t *extra = json_pack("{s:s}", "prevention", text);
		if (notify(r, &in, &share, "incident.prevention", ja, en, extra) != 0)
			return -1;
	}
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_incident_escalate(struct req *r, struct res *s)
{
	struct incident in;
	bool handle;
	const char *to_name, *text;
	if (load(r, &in, true, &handle) != 0)
		return -1;
	if (strcmp(in.status, "closed") == 0)
		return err_set(&r->err, E_INCIDENT_CLOSED, NULL);
	enum incident_level at = incident_level_parse(in.level), to;
	if (param_str(r, r->params, "to", "", &to_name) != 0 || text_param(r, "text", "", &text) != 0)
		return -1;
	to = *to_name ? incident_level_parse(to_name) : at + 1;
	if (*to_name && to == 0)
		return err_field(&r->err, "to", FM_ENUM, NULL);
	if (at == INC_LEVEL_MAYOR || to <= at)
		return err_set(&r->err, E_INCIDENT_ESCALATE, "%s",
			       r->lang == LANG_EN ? "it is already at that level or above."
						  : "すでにその段階以上に報告されています。");
	/* Kuki 第39条4: the chief protection manager reports to the mayor. */
	if (to == INC_LEVEL_MAYOR && !(r->who.roles & ROLE_CHIEF_PROTECTION))
		return err_set(&r->err, E_INCIDENT_HANDLER, NULL);
	if (escalate_to(r, &in, to, text) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "level", in.level);
	jsonw_obj_end(&s->w);
	return 0;
}

/* Appends a daicho-written entry with a small detail object. */
static int entry_note(struct req *r, int64_t incident, const char *kind, const char *text,
		      json_t *detail)
{
	char *dt = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int64_t id;
	int rc = store_incident_entry_add(store_thread(), incident, r->who.user_id, kind, text, dt,
					  r->now, &id, &r->err);
	free(dt);
	return rc;
}

int h_incident_status(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	struct incident in;
	bool handle;
	const char *status, *date, *text;
	json_t *serious = json_object_get(r->params, "serious");
	json_t *national = json_object_get(r->params, "nationalReport");
	if (load(r, &in, true, &handle) != 0)
		return -1;
	if (param_str(r, r->params, "status", "", &status) != 0 ||
	    param_str(r, r->params, "nationalReportDate", "", &date) != 0 ||
	    text_param(r, "text", "", &text) != 0)
		return -1;
	if (serious && !json_is_boolean(serious))
		return err_field(&r->err, "serious", FM_TYPE, "boolean");
	if (national && !json_is_boolean(national))
		return err_field(&r->err, "nationalReport", FM_TYPE, "boolean");
	bool closed = strcmp(in.status, "closed") == 0;
	if (closed && (*status || serious))
		return err_set(&r->err, E_INCIDENT_CLOSED, NULL);
	/* National report flag (APPI Art. 68, Kuki 第40条): the date defaults to today. */
	if (national) {
		char d[11] = "";
		if (json_is_true(national)) {
			if (*date && !time_parse_date(date, d))
				return err_field(&r->err, "nationalReportDate", FM_DATE, NULL);
			if (!*date) {
				struct ymd t = time_local_date(r->now, NULL);
				snprintf(d, sizeof d, "%04u-%02u-%02u", (unsigned)t.y % 10000,
					 (unsigned)t.m % 100, (unsigned)t.d % 100);
			}
		}
		in.national_report = json_is_true(national);
		in.national_report_date = arena_strdup(r->arena, d);
		if (store_incident_update(st, &in, r->now, &r->err) != 0 ||
		    entry_note(r, in.id, "national", text,
			       json_pack("{s:b,s:s}", "nationalReport", in.national_report, "date", d)) != 0)
			return -1;
	}
	if (serious && json_is_true(serious) != in.serious) {
		in.serious = json_is_true(serious);
		if (store_incident_update(st, &in, r->now, &r->err) != 0 ||
		    entry_note(r, in.id, "serious", text, json_pack("{s:b}", "serious", in.serious)) != 0)
			return -1;
		/* Kuki 第39条3–4: a serious incident goes to the mayor's office at once. */
		if (in.serious && escalate_serious(r, &in, *text ? text : "重大な事案 / serious") != 0)
			return -1;
	}
	if (*status) {
		enum incident_status from = incident_status_parse(in.status), to = incident_status_parse(status);
		if (to == 0)
			return err_field(&r->err, "status", FM_ENUM, NULL);
		struct incident_counts c;
		const char *missing;
		if (store_incident_entry_count(st, in.id, "containment", &c.containment, &r->err) != 0 ||
		    store_incident_entry_count(st, in.id, "cause", &c.cause, &r->err) != 0 ||
		    store_incident_entry_count(st, in.id, "prevention", &c.prevention, &r->err) != 0)
			return -1;
		int v = incident_status_check(from, to, &c, &missing);
		if (v == 1)
			return err_set(&r->err, E_INCIDENT_STEP, "%s -> %s", in.status, status);
		if (v == 2) {
			static const struct {
				const char *kind, *ja, *en;
			} names[] = {{"containment", "被害拡大防止の措置", "containment"},
				     {"cause", "原因の分析", "cause"},
				     {"prevention", "再発防止の措置", "prevention"}};
			const char *label = missing;
			for (size_t i = 0; i < 3; i++)
				if (strcmp(missing, names[i].kind) == 0)
					label = r->lang == LANG_EN ? names[i].en : names[i].ja;
			return err_set(&r->err, E_INCIDENT_MISSING, "%s", label);
		}
		in.status = incident_status_name(to);
		if (store_incident_update(st, &in, r->now, &r->err) != 0 ||
		    entry_note(r, in.id, "status", text,
			       json_pack("{s:s,s:s}", "from", incident_status_name(from), "to", in.status)) != 0)
			return -1;
		if (to == INC_CLOSED &&
		    (store_inbox_done_ref(st, "incident", in.id, r->now, &r->err) != 0 ||
		     store_inbox_done_ref(st, "incident.escalated", in.id, r->now, &r->err) != 0))
			return -1;
	}
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "status", in.status);
	jsonw_kstr(&s->w, "level", in.level);
	jsonw_kbool(&s->w, "serious", in.serious);
	jsonw_kbool(&s->w, "nationalReport", in.national_report);
	jsonw_kstr(&s->w, "nationalReportDate", in.national_report_date);
	jsonw_obj_end(&s->w);
	return 0;
}
