/*
 * lifecycle: an app's registration and its approvals (RULES.md rows 1, 8, 9: Abiko
 * §9(3)–(5)). GET/PUT /api/app/governance.json read and change the class, flags,
 * owner, maintainer and registration items; /api/app/request.json asks for publication,
 * a change of class or flags, or the end of use; the approvers of the route (section
 * head, department head, head of the administration section, in that order) decide with
 * /api/app/decide.json from their inbox; the owner publishes an approved app with
 * /api/app/publish.json; /api/app/withdraw.json takes a request back.
 *
 * The transitions and the registration check are rules/lifecycle.c; the route comes
 * from rules/classes.c; rows are read and written by store/lifecycle.c. With policy
 * apps.lifecycle off, deploying publishes (kintone behaviour) and class, flags and
 * registration change directly, except that the My Number flag exempts an app from the
 * guard only once a "change" request for it was approved.
 */
#include "http/handlers/handlers.h"
#include "fields/items.h"
#include "core/timeutil.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/preview.h"
#include "http/params.h"
#include "rules/classes.h"
#include "rules/lifecycle.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/inbox.h"
#include "store/lifecycle.h"
#include "store/sealing.h"
#include "store/org.h"
#include "store/users.h"

#include <stdlib.h>
#include <string.h>

enum { TEXT_MAX = 2000, ITEMS_MAX = 1000 };

/* What the handlers know of one app: its row, governance and form (live once deployed). */
struct gov {
	int64_t id;
	struct app_row row;
	struct lc_gov g;
	struct preview form;
	json_t *reg;			/* the stored registration object */
	enum app_state state;
};

static void gov_free(struct gov *v)
{
	preview_free(&v->form);
	json_decref(v->reg);
	v->reg = NULL;
}

static int gov_load(struct req *r, int64_t app_id, struct gov *v)
{
	struct store *st = store_thread();
	memset(v, 0, sizeof *v);
	v->id = app_id;
	if (store_app_get(st, r->arena, app_id, &v->row, &r->err) != 0 ||
	    store_lc_gov_get(st, r->arena, app_id, &v->g, &r->err) != 0 ||
	    preview_load(r, app_id, v->row.live_revision > 0 ? "live" : "preview", &v->form) != 0)
		return -1;
	v->reg = json_loads(v->g.registration, 0, NULL);
	if (!json_is_object(v->reg)) {
		json_decref(v->reg);
		v->reg = json_object();
	}
	int s = app_state_parse(v->g.state);
	v->state = s < 0 ? APP_DRAFT : (enum app_state)s;
	return 0;
}

/* The caller's rights on the app (a draft: its creator and administrators may manage). */
static unsigned rights_on(struct req *r, int64_t app_id)
{
	const struct app_ctx *c;
	unsigned rights = 0;
	if (appctx_get(r, app_id, &c) == 0)
		rights = appctx_rights(c, &r->who);
	else if (r->err.code == E_APP_NOT_DEPLOYED) {
		err_init(&r->err, r->arena);
		if (dispatch_require_draft(r, app_id) == 0)
			rights = RIGHT_VIEW | RIGHT_MANAGE;
	}
	err_init(&r->err, r->arena);
	return rights;
}

/* Owner, maintainer, system administrator (and managers of an app without an owner). */
static bool may_govern(struct req *r, const struct gov *v)
{
	if (r->who.admin || (r->who.user_id > 0 && (r->who.user_id == v->g.owner_id ||
						    r->who.user_id == v->g.maintainer_id)))
		return true;
	return v->g.owner_id == 0 && (rights_on(r, v->id) & RIGHT_MANAGE);
}

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Every information item of the form: its input fields, those of subtables included. */
static json_t *form_items(const struct gov *v)
{
	json_t *personal = json_loads(v->g.personal_fields, 0, NULL);
	json_t *items = form_information_items(v->form.props, personal);
	json_decref(personal);
	return items;
}

/* The accounts of the permission list: with the manage right (admins) or any right. */
static json_t *form_accounts(const struct gov *v, bool admins)
{
	json_t *out = json_array(), *e;
	size_t i;
	json_array_foreach(v->form.acl, i, e) {
		json_t *ent = json_object_get(e, "entity");
		bool manage = json_is_true(json_object_get(e, "appEditable"));
		bool any = manage || json_is_true(json_object_get(e, "recordViewable")) ||
			   json_is_true(json_object_get(e, "recordAddable"));
		if (admins ? !manage : !any)
			continue;
		const char *type = str_of(ent, "type");
		const char *code = strcmp(type, "CREATOR") == 0 ? v->row.creator_code : str_of(ent, "code");
		json_array_append_new(out, json_pack("{s:s,s:s}", "type", type, "code", code ? code : ""));
	}
	return out;
}

/* Flags as an object {personal, sensitive, myNumber}. */
static void flags_out(struct jsonw *w, unsigned flags)
{
	jsonw_obj(w);
	jsonw_kbool(w, "personal", flags & APP_FLAG_PERSONAL);
	jsonw_kbool(w, "sensitive", flags & APP_FLAG_SENSITIVE);
	jsonw_kbool(w, "myNumber", flags & APP_FLAG_MYNUMBER);
	jsonw_obj_end(w);
}

static const char *class_label(struct req *r, int rank)
{
	char buf[64];
	if (rank < 1)
		return "";
	classes_label(rank, buf, sizeof buf);
	return arena_strdup(r->arena, buf);
}

static void time_out(struct jsonw *w, const char *key, int64_t t)
{
	char buf[21];
	if (t <= 0) {
		jsonw_knull(w, key);
		return;
	}
	time_fmt_utc((time_t)t, buf);
	jsonw_kstr(w, key, buf);
}

static void user_out(struct jsonw *w, const char *key, const char *code, const char *name)
{
	if (code == NULL || *code == '\0') {
		jsonw_knull(w, key);
		return;
	}
	jsonw_key(w, key);
	jsonw_obj(w);
	jsonw_kstr(w, "code", code);
	jsonw_kstr(w, "name", name ? name : "");
	jsonw_obj_end(w);
}

static void json_value_out(struct jsonw *w, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL) {
		jsonw_null(w);
		return;
	}
	jsonw_raw(w, text, strlen(text));
	free(text);
}

static void approval_out(struct jsonw *w, const struct lc_approval *a)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", a->id);
	jsonw_kstr(w, "kind", a->kind);
	jsonw_kstr(w, "status", a->status);
	user_out(w, "requester", a->requester_code, a->requester_name);
	time_out(w, "requestedAt", a->requested_at);
	time_out(w, "decidedAt", a->decided_at);
	json_t *req = json_loads(a->request, 0, NULL);
	jsonw_key(w, "request");
	if (req) {
		json_value_out(w, req);
	} else {
		jsonw_obj(w);
		jsonw_obj_end(w);
	}
	json_decref(req);
	jsonw_key(w, "steps");
	jsonw_arr(w);
	for (size_t i = 0; i < a->n_steps; i++) {
		const struct lc_step *p = &a->steps[i];
		jsonw_obj(w);
		jsonw_kint_str(w, "pos", p->pos);
		jsonw_kstr(w, "step", p->step);
		jsonw_kstr(w, "unit", p->unit_name);
		user_out(w, "approver", p->approver_code, p->approver_name);
		jsonw_kstr(w, "decision", *p->decision ? p->decision : "waiting");
		jsonw_kstr(w, "comment", p->comment);
		time_out(w, "decidedAt", p->decided_at);
		if (p->decided_at > 0)
			jsonw_kint_str(w, "revision", p->revision);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

/* The registration's items, as the check and the request snapshot see them. */
static void registration_of(const struct gov *v, json_t *items, json_t *admins, json_t *users,
			    struct lc_registration *reg)
{
	reg->name = v->row.name;
	reg->purpose = str_of(v->reg, "purpose");
	reg->responsible = str_of(v->reg, "responsible");
	reg->start_date = v->g.start_date;
	reg->end_date = v->g.end_date;
	reg->n_items = json_array_size(items);
	reg->n_admins = json_array_size(admins);
	reg->n_users = json_array_size(users);
}

/* The missing items' keys (infoClass too when no class is set). */
static unsigned missing_of(const struct gov *v, json_t *items, json_t *admins, json_t *users)
{
	struct lc_registration reg;
	registration_of(v, items, admins, users, &reg);
	return lifecycle_missing(&reg);
}

int h_app_governance_get(struct req *r, struct res *s)
{
	int64_t app_id;
	struct gov v;
	if (param_id(r, r->params, "app", &app_id) != 0)
		return -1;
	if (gov_load(r, app_id, &v) != 0)
		return -1;
	struct store *st = store_thread();
	struct lc_approval *list;
	size_t n;
	if (store_lc_approvals_of(st, r->arena, app_id, &list, &n, &r->err) != 0) {
		gov_free(&v);
		return -1;
	}
	/* Approvers read what they approve (or approved), even without the view right. */
	bool approver = false;
	for (size_t i = 0; i < n && !approver; i++)
		for (size_t j = 0; j < list[i].n_steps; j++)
			if (r->who.user_id > 0 && list[i].steps[j].approver_id == r->who.user_id)
				approver = true;
	bool govern = may_govern(r, &v);
	if (!govern && !approver && !(rights_on(r, app_id) & RIGHT_VIEW)) {
		gov_free(&v);
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	}
	audit_app(r, app_id);
	json_t *items = form_items(&v), *admins = form_accounts(&v, true), *users = form_accounts(&v, false);
	unsigned miss = missing_of(&v, items, admins, users);
	struct jsonw *w = &s->w;
	jsonw_obj(w);
	jsonw_kint_str(w, "app", app_id);
	jsonw_kstr(w, "name", v.row.name);
	jsonw_kbool(w, "lifecycle", policy_bool("apps.lifecycle"));
	jsonw_kbool(w, "deployed", v.row.live_revision > 0);
	jsonw_kbool(w, "mayEdit", govern);
	jsonw_key(w, "infoClass");
	if (v.g.info_class > 0) {
		jsonw_obj(w);
		jsonw_kint_str(w, "rank", v.g.info_class);
		jsonw_kstr(w, "label", class_label(r, v.g.info_class));
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "classes");
	jsonw_arr(w);
	for (int i = 1; i <= classes_count(); i++) {
		jsonw_obj(w);
		jsonw_kint_str(w, "rank", i);
		jsonw_kstr(w, "label", class_label(r, i));
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "flags");
	flags_out(w, v.g.flags);
	jsonw_kbool(w, "myNumberApproved", v.g.mynumber_approved);
	jsonw_kstr(w, "state", app_state_name(v.state));
	jsonw_kstr(w, "stateLabel", app_state_label(v.state, r->lang == LANG_EN));
	time_out(w, "stateChangedAt", v.g.state_changed_at);
	user_out(w, "owner", v.g.owner_code, v.g.owner_name);
	user_out(w, "maintainer", v.g.maintainer_code, v.g.maintainer_name);
	jsonw_kint_str(w, "govRevision", v.g.gov_revision);
	jsonw_key(w, "registration");
	jsonw_obj(w);
	jsonw_kstr(w, "purpose", str_of(v.reg, "purpose"));
	jsonw_kstr(w, "responsible", str_of(v.reg, "responsible"));
	jsonw_kstr(w, "startDate", v.g.start_date);
	jsonw_kstr(w, "endDate", v.g.end_date);
	jsonw_key(w, "items");
	json_value_out(w, items);
	jsonw_key(w, "admins");
	json_value_out(w, admins);
	jsonw_key(w, "users");
	json_value_out(w, users);
	jsonw_obj_end(w);
	jsonw_key(w, "missing");
	jsonw_arr(w);
	if (v.g.info_class < 1)
		jsonw_str(w, "infoClass");
	for (unsigned bit = 1; bit <= REG__ALL; bit <<= 1)
		if (miss & bit)
			jsonw_str(w, lifecycle_item_key(bit));
	jsonw_arr_end(w);
	char expl[POLICY_TEXT_MAX + 1];
	policy_text("apps.naming_explanation", expl, sizeof expl);
	jsonw_kstr(w, "namingRule", expl);
	jsonw_key(w, "pending");
	const struct lc_approval *pending = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].status, "pending") == 0)
			pending = &list[i];
	if (pending)
		approval_out(w, pending);
	else
		jsonw_null(w);
	jsonw_key(w, "history");
	jsonw_arr(w);
	for (size_t i = 0; i < n; i++)
		if (&list[i] != pending)
			approval_out(w, &list[i]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	json_decref(items);
	json_decref(admins);
	json_decref(users);
	gov_free(&v);
	return 0;
}

/* A text parameter (absent: *out untouched, returns 0; too long: field error). */
static int opt_text(struct req *r, const char *name, size_t max, const char **out)
{
	json_t *p = json_object_get(r->params, name);
	if (p == NULL || json_is_null(p))
		return 0;
	if (!json_is_string(p))
		return err_field(&r->err, name, FM_TYPE, "string");
	if (strlen(json_string_value(p)) > max)
		return err_field(&r->err, name, FM_TOO_LONG, arena_printf(r->arena, "%zu", max));
	*out = arena_strdup(r->arena, json_string_value(p));
	return 0;
}

/* A date parameter: "YYYY-MM-DD" or "" (absent: untouched). */
static int opt_date(struct req *r, const char *name, const char **out)
{
	const char *d = NULL;
	if (opt_text(r, name, 10, &d) != 0)
		return -1;
	if (d && *d && !lifecycle_date_valid(d))
		return err_field(&r->err, name, FM_DATE, NULL);
	if (d)
		*out = d;
	return 0;
}

/* A user parameter by login code into *id ("" clears it when clearable). */
static int opt_user(struct req *r, const char *name, bool clearable, int64_t *id)
{
	const char *code = NULL;
	if (opt_text(r, name, 128, &code) != 0)
		return -1;
	if (code == NULL)
		return 0;
	if (*code == '\0') {
		if (!clearable)
			return err_field(&r->err, name, FM_REQUIRED_PARAM, NULL);
		*id = 0;
		return 0;
	}
	struct user u;
	if (store_user_by_code(store_thread(), r->arena, code, &u, &r->err) != 0 || !u.active) {
		err_init(&r->err, r->arena);
		return err_field(&r->err, name, FM_USER_UNKNOWN, code);
	}
	*id = u.id;
	return 0;
}

/* The "flags" object parameter over *flags (absent: untouched). */
static int opt_flags(struct req *r, unsigned *flags)
{
	json_t *f = json_object_get(r->params, "flags");
	if (f == NULL || json_is_null(f))
		return 0;
	if (!json_is_object(f))
		return err_field(&r->err, "flags", FM_TYPE, "object");
	static const struct {
		const char *key;
		unsigned bit;
	} keys[] = {{"personal", APP_FLAG_PERSONAL}, {"sensitive", APP_FLAG_SENSITIVE},
		    {"myNumber", APP_FLAG_MYNUMBER}};
	for (size_t i = 0; i < 3; i++) {
		json_t *b = json_object_get(f, keys[i].key);
		if (b == NULL)
			continue;
		if (!json_is_boolean(b))
			return err_field(&r->err, arena_printf(r->arena, "flags.%s", keys[i].key), FM_TYPE,
					 "boolean");
		*flags = json_is_true(b) ? *flags | keys[i].bit : *flags & ~keys[i].bit;
	}
	return 0;
}

/* The "infoClass" parameter (a rank) over *rank (absent: untouched). */
static int opt_class(struct req *r, int *rank)
{
	json_t *c = json_object_get(r->params, "infoClass");
	int64_t v;
	if (c == NULL || json_is_null(c))
		return 0;
	if (!json_to_i64(c, &v))
		return err_field(&r->err, "infoClass", FM_INTEGER, NULL);
	if (v < 1 || v > classes_count())
		return err_field(&r->err, "infoClass", FM_ENUM, NULL);
	*rank = (int)v;
	return 0;
}

/* The "personalFields" parameter: codes of the form's items (absent: untouched). */
static int opt_personal(struct req *r, const struct gov *v, const char **out)
{
	json_t *p = json_object_get(r->params, "personalFields");
	if (p == NULL || json_is_null(p))
		return 0;
	if (!json_is_array(p))
		return err_field(&r->err, "personalFields", FM_TYPE, "array");
	if (json_array_size(p) > ITEMS_MAX)
		return err_field(&r->err, "personalFields", FM_TOO_MANY, "1000");
	json_t *items = form_items(v), *e, *it;
	size_t i, j;
	json_array_foreach(p, i, e) {
		bool found = false;
		json_array_foreach(items, j, it)
			if (json_is_string(e) && strcmp(str_of(it, "code"), json_string_value(e)) == 0)
				found = true;
		if (!found) {
			json_decref(items);
			return err_field(&r->err, arena_printf(r->arena, "personalFields[%zu]", i),
					 FM_INVALID, NULL);
		}
	}
	json_decref(items);
	char *text = json_dumps(p, JSON_COMPACT);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	*out = arena_strdup(r->arena, text);
	free(text);
	return 0;
}

static const char *state_arg(struct req *r, enum app_state st)
{
	return app_state_label(st, r->lang == LANG_EN);
}

/* Adds to the inbox of the approver of step p of approval a an item with the facts. */
static int notify_step(struct req *r, const struct lc_approval *a, const struct lc_step *p,
		       const char *app_name)
{
	json_t *req = json_loads(a->request, 0, NULL);
	json_t *flags = json_object_get(req, "flags");
	const char *fl = arena_printf(r->arena, "%s%s%s",
		json_is_true(json_object_get(flags, "personal")) ? "個人情報 personal; " : "",
		json_is_true(json_object_get(flags, "sensitive")) ? "要配慮・機微 sensitive; " : "",
		json_is_true(json_object_get(flags, "myNumber")) ? "特定個人情報 My Number; " : "");
	size_t fl_len = strlen(fl);
	if (fl_len > 2)
		fl = arena_printf(r->arena, "%.*s", (int)(fl_len - 2), fl);
	/* The items as one line: label (personal data marked). */
	struct buf line;
	buf_init(&line, 4000);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(req, "items"), i, it) {
		if (i)
			buf_puts(&line, ", ");
		buf_puts(&line, str_of(it, "label"));
		if (json_is_true(json_object_get(it, "personal")))
			buf_puts(&line, " *");
	}
	const char *items_text = arena_strdup(r->arena, buf_str(&line));
	buf_free(&line);
	const char *kind_ja = strcmp(a->kind, "end") == 0 ? "利用終了" :
			      strcmp(a->kind, "change") == 0 ? "区分・属性・期間の変更" : "公開";
	const char *kind_en = strcmp(a->kind, "end") == 0 ? "end of use" :
			      strcmp(a->kind, "change") == 0 ? "change of class, flags or period" : "publication";
	int sp = 0;
	while (sp < 3 && strcmp(approval_step_name((enum approval_step)sp), p->step) != 0)
		sp++;
	const char *step_text = sp < 3 ? arena_printf(r->arena, "%s / %s",
		approval_step_label((enum approval_step)sp, false),
		approval_step_label((enum approval_step)sp, true)) : p->step;
	const char *sja = arena_printf(r->arena, "アプリの%sの申請: %s", kind_ja, app_name);
	const char *sen = arena_printf(r->arena, "Request for %s of an app: %s", kind_en, app_name);
	json_t *detail = json_pack(
		"{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:s}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:s}}],"
		"s:{s:s,s:s},s:I,"
		"s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "承認する", "en", "Approve", "method", "POST", "path", "/api/app/decide.json",
		"body", "id", (json_int_t)a->id, "decision", "approve",
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path", "/api/app/decide.json",
		"body", "id", (json_int_t)a->id, "decision", "refuse",
		"subject", "ja", sja, "en", sen,
		"app", (json_int_t)a->app_id,
		"approval",
		"appName", app_name,
		"requestKind", arena_printf(r->arena, "%s / %s", kind_ja, kind_en),
		"infoClass", str_of(req, "classLabel"),
		"appFlags", *fl ? fl : "—",
		"purpose", str_of(req, "purpose"),
		"items", items_text,
		"period", arena_printf(r->arena, "%s – %s", str_of(req, "startDate"), str_of(req, "endDate")),
		"responsible", str_of(req, "responsible"),
		"requester", a->requester_name ? a->requester_name : "",
		"step", step_text);
	json_decref(req);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "%s / %s", sja, sen);
	int rc = store_inbox_add(store_thread(), p->approver_id, "app.approval", a->id, subject, text,
				 r->now, &r->err);
	free(text);
	return rc;
}

/* Tells the requester how their request ended. */
static int notify_outcome(struct req *r, const struct lc_approval *a, const char *app_name,
			  bool approved, const char *comment)
{
	const char *sja = arena_printf(r->arena, "アプリ「%s」の申請が%sされました", app_name,
				       approved ? "承認" : "却下");
	const char *sen = arena_printf(r->arena, "Your request for the app \"%s\" was %s", app_name,
				       approved ? "approved" : "refused");
	json_t *detail = json_pack("{s:{s:s,s:s},s:I,s:{s:s,s:s}}", "subject", "ja", sja, "en", sen,
				   "app", (json_int_t)a->app_id,
				   "approval", "appName", app_name, "comment", comment ? comment : "");
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	int rc = store_inbox_add(store_thread(), a->requested_by, "app.decision", a->id,
				 arena_printf(r->arena, "%s / %s", sja, sen), text, r->now, &r->err);
	free(text);
	return rc;
}

static const char *no_approver(struct req *r, const char *ja, const char *en)
{
	return r->lang == LANG_EN ? en : ja;
}

/*
 * The route of a request: its steps with their units and approvers, from the class and
 * flags, the owner's section and department and policy apps.administration_section.
 * The head of the owner's section asking themselves goes up to the department head;
 * a step nobody else can decide refuses the request (E_LC_NO_APPROVER).
 */
static int build_route(struct req *r, const struct gov *v, int rank, unsigned flags,
		       struct lc_step *steps, size_t *n)
{
	struct store *st = store_thread();
	enum approval_step route[4];
	size_t nr = approval_route(rank, flags, route, 4);
	struct lc_units u;
	int64_t owner = v->g.owner_id > 0 ? v->g.owner_id : r->who.user_id;
	if (store_lc_units_of(st, r->arena, owner, &u, &r->err) != 0)
		return -1;
	*n = 0;
	for (size_t i = 0; i < nr; i++) {
		struct lc_step p = {0};
		p.pos = (int)*n;
		p.decision = "";
		if (route[i] == APPROVER_SECTION_HEAD) {
			p.step = approval_step_name(APPROVER_SECTION_HEAD);
			p.unit_id = u.section_id;
			p.approver_id = u.section_head;
			if (p.approver_id == r->who.user_id) {
				p.unit_id = u.department_id;
				p.approver_id = u.department_head;
			}
			if (p.approver_id <= 0 || p.approver_id == r->who.user_id)
				return err_set(&r->err, E_LC_NO_APPROVER, "%s",
					       no_approver(r, "所有者の課の課長（所属長）がいません",
							   "the owner's section has no head"));
		} else if (route[i] == APPROVER_DEPARTMENT_HEAD) {
			p.step = approval_step_name(APPROVER_DEPARTMENT_HEAD);
			p.unit_id = u.department_id;
			p.approver_id = u.department_head;
			if (p.approver_id <= 0 || p.approver_id == r->who.user_id)
				return err_set(&r->err, E_LC_NO_APPROVER, "%s",
					       no_approver(r, "所有者の部の部長（所管部長）がいません",
							   "the owner's department has no head"));
		} else {
			char code[128];
			struct org_unit unit;
			int64_t uid = 0;
			p.step = approval_step_name(APPROVER_ADMINISTRATION);
			policy_text("apps.administration_section", code, sizeof code);
			if (*code && store_org_by_code(st, r->arena, code, &unit, &uid, &r->err) != 0)
				return -1;
			p.unit_id = uid;
			p.approver_id = uid > 0 ? unit.head_id : 0;
			if (p.approver_id <= 0 || p.approver_id == r->who.user_id)
				return err_set(&r->err, E_LC_NO_APPROVER, "%s",
					       no_approver(r, "行政管理課（apps.administration_section）の課長がいません",
							   "the administration section (apps.administration_section) has no head"));
		}
		/* One person decides once, even when two steps fall to them. */
		if (*n > 0 && steps[*n - 1].approver_id == p.approver_id)
			continue;
		steps[(*n)++] = p;
	}
	return 0;
}

/*
 * Creates a request of kind for app v (checks done by the caller), with class and flags
 * as asked; notifies the first approver. Fills *out.
 */
static int make_request(struct req *r, const struct gov *v, enum lc_kind kind, int rank,
			unsigned flags, struct lc_approval *out)
{
	struct lc_step *steps = arena_alloc(r->arena, 4 * sizeof *steps);
	size_t n;
	if (build_route(r, v, rank, flags, steps, &n) != 0)
		return -1;
	json_t *items = form_items(v), *admins = form_accounts(v, true), *users = form_accounts(v, false);
	json_t *req = json_pack("{s:s,s:i,s:s,s:{s:b,s:b,s:b},s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:I}",
		"name", v->row.name, "infoClass", rank, "classLabel", class_label(r, rank),
		"flags", "personal", (flags & APP_FLAG_PERSONAL) != 0,
		"sensitive", (flags & APP_FLAG_SENSITIVE) != 0, "myNumber", (flags & APP_FLAG_MYNUMBER) != 0,
		"purpose", str_of(v->reg, "purpose"), "responsible", str_of(v->reg, "responsible"),
		"startDate", v->g.start_date, "endDate", v->g.end_date,
		"items", items, "admins", admins, "users", users,
		"revision", (json_int_t)v->row.live_revision, "govRevision", (json_int_t)v->g.gov_revision);
	char *text = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	memset(out, 0, sizeof *out);
	out->app_id = v->id;
	out->kind = lifecycle_kind_name(kind);
	out->requested_by = r->who.user_id;
	out->requester_code = r->who.user_code;
	out->requester_name = r->who.user_name;
	out->request = arena_strdup(r->arena, text);
	free(text);
	out->steps = steps;
	out->n_steps = n;
	struct store *st = store_thread();
	if (store_lc_approval_add(st, out, r->now, &r->err) != 0)
		return -1;
	enum app_state next = lifecycle_pending_state(kind, v->state);
	if (next != v->state &&
	    store_app_set_state(st, v->id, next, (int64_t)r->now, &r->err) != 0)
		return -1;
	return n > 0 ? notify_step(r, out, &steps[0], v->row.name) : 0;
}

int h_app_governance_put(struct req *r, struct res *s)
{
	int64_t app_id, pending;
	struct gov v;
	if (param_id(r, r->params, "app", &app_id) != 0 || gov_load(r, app_id, &v) != 0)
		return -1;
	audit_app(r, app_id);
	int rc = -1;
	struct store *st = store_thread();
	bool on = policy_bool("apps.lifecycle");
	struct lc_gov g = v.g;
	const char *purpose = NULL, *responsible = NULL;
	if (!may_govern(r, &v)) {
		err_set(&r->err, E_LC_NOT_OWNER, NULL);
		goto out;
	}
	if (store_lc_pending(st, app_id, &pending, &r->err) != 0)
		goto out;
	if (v.state == APP_CLOSED || (on && v.state == APP_APPROVED)) {
		err_set(&r->err, E_LC_STATE, "%s", state_arg(r, v.state));
		goto out;
	}
	if (on && (v.state == APP_REQUESTED || v.state == APP_END_REQUESTED)) {
		err_set(&r->err, E_LC_PENDING, NULL);
		goto out;
	}
	if (opt_class(r, &g.info_class) != 0 || opt_flags(r, &g.flags) != 0 ||
	    opt_text(r, "purpose", TEXT_MAX, &purpose) != 0 ||
	    opt_text(r, "responsible", 200, &responsible) != 0 ||
	    opt_date(r, "startDate", &g.start_date) != 0 || opt_date(r, "endDate", &g.end_date) != 0 ||
	    opt_user(r, "owner", false, &g.owner_id) != 0 ||
	    opt_user(r, "maintainer", true, &g.maintainer_id) != 0 ||
	    opt_personal(r, &v, &g.personal_fields) != 0)
		goto out;
	if (purpose)
		json_object_set_new(v.reg, "purpose", json_string(purpose));
	if (responsible)
		json_object_set_new(v.reg, "responsible", json_string(responsible));
	char *reg = json_dumps(v.reg, JSON_COMPACT);
	if (reg == NULL) {
		err_set(&r->err, E_INTERNAL, NULL);
		goto out;
	}
	g.registration = arena_strdup(r->arena, reg);
	free(reg);
	bool changed = g.info_class != v.g.info_class || g.flags != v.g.flags;
	/* The period of use is a registration item the approvers agreed to (Abiko §9(4)). */
	bool dates = strcmp(g.start_date, v.g.start_date) != 0 || strcmp(g.end_date, v.g.end_date) != 0;
	struct lc_approval a = {0};
	bool requested = false;
	if (!(g.flags & APP_FLAG_MYNUMBER))
		g.mynumber_approved = false;
	if ((changed || dates) && on && v.state == APP_PUBLISHED) {
		/* A published app keeps its class, flags and period until the change is approved. */
		if (pending) {
			err_set(&r->err, E_LC_PENDING, NULL);
			goto out;
		}
		int rank = g.info_class;
		unsigned flags = g.flags;
		struct gov asked = v;
		asked.g.start_date = g.start_date;
		asked.g.end_date = g.end_date;
		g.info_class = v.g.info_class;
		g.flags = v.g.flags;
		g.mynumber_approved = v.g.mynumber_approved;
		g.start_date = v.g.start_date;
		g.end_date = v.g.end_date;
		if (store_lc_gov_save(st, &g, &r->err) != 0 ||
		    make_request(r, &asked, LC_CHANGE, rank, flags, &a) != 0)
			goto out;
		requested = true;
	} else {
		/* A class change that takes effect seals or opens the data (docs/ENCRYPTION.md). */
		if (store_lc_gov_save(st, &g, &r->err) != 0 ||
		    store_crypto_apply(st, app_id, r->who.user_code, (int64_t)r->now, &r->err) != 0)
			goto out;
		/* With the lifecycle off, My Number still needs its approval to exempt the app. */
		if (!on && (g.flags & APP_FLAG_MYNUMBER) && !g.mynumber_approved && !pending &&
		    (changed || json_object_get(r->params, "flags"))) {
			if (g.info_class < 1) {
				err_field(&r->err, "infoClass", FM_REQUIRED_PARAM, NULL);
				goto out;
			}
			v.g = g;
			if (make_request(r, &v, LC_CHANGE, g.info_class, g.flags, &a) != 0)
				goto out;
			requested = true;
		}
	}
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "app", app_id);
	if (requested)
		jsonw_kint_str(&s->w, "approval", a.id);
	else
		jsonw_knull(&s->w, "approval");
	jsonw_obj_end(&s->w);
	rc = 0;
out:
	gov_free(&v);
	return rc;
}

int h_app_request(struct req *r, struct res *s)
{
	int64_t app_id, pending;
	const char *kind_text;
	struct gov v;
	if (param_id(r, r->params, "app", &app_id) != 0 ||
	    param_str(r, r->params, "kind", "", &kind_text) != 0)
		return -1;
	int kind = lifecycle_kind_parse(kind_text);
	if (kind < 0)
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (gov_load(r, app_id, &v) != 0)
		return -1;
	audit_app(r, app_id);
	int rc = -1;
	struct store *st = store_thread();
	bool on = policy_bool("apps.lifecycle");
	int rank = v.g.info_class;
	unsigned flags = v.g.flags;
	struct lc_approval a;
	if (!may_govern(r, &v)) {
		err_set(&r->err, E_LC_NOT_OWNER, NULL);
		goto out;
	}
	if (store_lc_pending(st, app_id, &pending, &r->err) != 0)
		goto out;
	if (pending) {
		err_set(&r->err, E_LC_PENDING, NULL);
		goto out;
	}
	if (!lifecycle_may_request((enum lc_kind)kind, v.state, on)) {
		err_set(&r->err, E_LC_STATE, "%s", state_arg(r, v.state));
		goto out;
	}
	if (kind == LC_CHANGE && (opt_class(r, &rank) != 0 || opt_flags(r, &flags) != 0))
		goto out;
	if (kind != LC_END) {
		json_t *items = form_items(&v), *admins = form_accounts(&v, true), *users = form_accounts(&v, false);
		unsigned miss = missing_of(&v, items, admins, users);
		json_decref(items);
		json_decref(admins);
		json_decref(users);
		if (v.row.live_revision <= 0)
			miss |= REG_ITEMS;	/* the form the approvers see is the deployed one */
		if (miss || rank < 1) {
			struct buf list;
			buf_init(&list, 1000);
			if (rank < 1)
				buf_puts(&list, r->lang == LANG_EN ? "information class" : "情報の重要性分類");
			for (unsigned bit = 1; bit <= REG__ALL; bit <<= 1)
				if (miss & bit) {
					if (list.len)
						buf_puts(&list, r->lang == LANG_EN ? ", " : "、");
					buf_puts(&list, lifecycle_item_label(bit, r->lang));
				}
			err_set(&r->err, E_LC_INCOMPLETE, "%s", buf_str(&list));
			buf_free(&list);
			if (rank < 1)
				err_field(&r->err, "infoClass", FM_REQUIRED_PARAM, NULL);
			for (unsigned bit = 1; bit <= REG__ALL; bit <<= 1)
				if (miss & bit)
					err_field(&r->err, lifecycle_item_key(bit), FM_REQUIRED_PARAM, NULL);
			goto out;
		}
	}
	if (kind == LC_PUBLISH) {
		char pattern[POLICY_TEXT_MAX + 1], expl[POLICY_TEXT_MAX + 1];
		policy_text("apps.naming_pattern", pattern, sizeof pattern);
		policy_text("apps.naming_explanation", expl, sizeof expl);
		if (!naming_ok(v.row.name)) {
			err_set(&r->err, E_LC_NAMING, "%.150s", *expl ? expl : pattern);
			err_field(&r->err, "name", FM_TEXT, arena_strdup(r->arena, *expl ? expl : pattern));
			goto out;
		}
	}
	if (make_request(r, &v, (enum lc_kind)kind, rank, flags, &a) != 0)
		goto out;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", a.id);
	jsonw_kstr(&s->w, "state", app_state_name(lifecycle_pending_state((enum lc_kind)kind, v.state)));
	jsonw_obj_end(&s->w);
	rc = 0;
out:
	gov_free(&v);
	return rc;
}

/* Applies an approved request: the new state, or the new class, flags and period. */
static int apply_approved(struct req *r, const struct lc_approval *a, struct gov *v)
{
	struct store *st = store_thread();
	int kind = lifecycle_kind_parse(a->kind);
	if (kind == LC_CHANGE) {
		json_t *req = json_loads(a->request, 0, NULL);
		json_t *f = json_object_get(req, "flags");
		struct lc_gov g = v->g;
		json_int_t rank = json_integer_value(json_object_get(req, "infoClass"));
		if (rank >= 1)
			g.info_class = (int)rank;
		g.flags = (json_is_true(json_object_get(f, "personal")) ? APP_FLAG_PERSONAL : 0) |
			  (json_is_true(json_object_get(f, "sensitive")) ? APP_FLAG_SENSITIVE : 0) |
			  (json_is_true(json_object_get(f, "myNumber")) ? APP_FLAG_MYNUMBER : 0);
		g.mynumber_approved = (g.flags & APP_FLAG_MYNUMBER) != 0;
		/* The period asked for (the one in force when only the class changed). */
		const char *start = json_string_value(json_object_get(req, "startDate"));
		const char *end = json_string_value(json_object_get(req, "endDate"));
		if (start)
			g.start_date = arena_strdup(r->arena, start);
		if (end)
			g.end_date = arena_strdup(r->arena, end);
		json_decref(req);
		if (store_lc_gov_save(st, &g, &r->err) != 0)
			return -1;
	} else {
		enum app_state next = lifecycle_approved_state((enum lc_kind)kind, v->state);
		if (store_app_set_state(st, v->id, next, (int64_t)r->now, &r->err) != 0)
			return -1;
	}
	/* Class Ⅰ: the data is sealed, opened, or crypto-erased when closed (docs/ENCRYPTION.md). */
	return store_crypto_apply(st, v->id, r->who.user_code, (int64_t)r->now, &r->err);
}

int h_app_decide(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	const char *decision, *comment = "";
	struct lc_approval a;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    param_str(r, r->params, "decision", "", &decision) != 0 ||
	    opt_text(r, "comment", TEXT_MAX, &comment) != 0)
		return -1;
	bool approve = strcmp(decision, "approve") == 0;
	if (!approve && strcmp(decision, "refuse") != 0)
		return err_field(&r->err, "decision", FM_ENUM, NULL);
	if (store_lc_approval_get(st, r->arena, id, &a, &r->err) != 0)
		return -1;
	audit_app(r, a.app_id);
	if (strcmp(a.status, "pending") != 0) {
		/* Decided or withdrawn already: name the state the app is in now. */
		struct lc_gov now;
		if (store_lc_gov_get(st, r->arena, a.app_id, &now, &r->err) != 0)
			return -1;
		int cur_state = app_state_parse(now.state);
		return err_set(&r->err, E_LC_STATE, "%s",
			       state_arg(r, cur_state < 0 ? APP_DRAFT : (enum app_state)cur_state));
	}
	if (a.requested_by == r->who.user_id)
		return err_set(&r->err, E_LC_SELF, NULL);
	const struct lc_step *cur = NULL;
	for (size_t i = 0; i < a.n_steps && cur == NULL; i++)
		if (*a.steps[i].decision == '\0')
			cur = &a.steps[i];
	if (cur == NULL || cur->approver_id != r->who.user_id)
		return err_set(&r->err, E_LC_NOT_APPROVER, NULL);
	struct gov v;
	if (gov_load(r, a.app_id, &v) != 0)
		return -1;
	int rc = -1;
	const struct lc_step *next = cur + 1 < a.steps + a.n_steps ? cur + 1 : NULL;
	if (store_lc_step_decide(st, id, cur->pos, r->who.user_id, approve, comment,
				 v.row.live_revision, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "app.approval", id, r->now, &r->err) != 0)
		goto out;
	const char *status = "pending";
	if (!approve) {
		status = "refused";
		enum app_state back = lifecycle_back_state(lifecycle_kind_parse(a.kind), v.state);
		if (store_lc_approval_close(st, id, status, r->now, &r->err) != 0 ||
		    (back != v.state &&
		     store_app_set_state(st, v.id, back, (int64_t)r->now, &r->err) != 0) ||
		    notify_outcome(r, &a, v.row.name, false, comment) != 0)
			goto out;
	} else if (next) {
		if (notify_step(r, &a, next, v.row.name) != 0)
			goto out;
	} else {
		status = "approved";
		if (store_lc_approval_close(st, id, status, r->now, &r->err) != 0 ||
		    apply_approved(r, &a, &v) != 0 || notify_outcome(r, &a, v.row.name, true, comment) != 0)
			goto out;
	}
	struct lc_gov now;
	if (store_lc_gov_get(st, r->arena, v.id, &now, &r->err) != 0)
		goto out;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "status", status);
	jsonw_kstr(&s->w, "state", now.state);
	jsonw_obj_end(&s->w);
	rc = 0;
out:
	gov_free(&v);
	return rc;
}

int h_app_publish(struct req *r, struct res *s)
{
	int64_t app_id;
	struct gov v;
	if (param_id(r, r->params, "app", &app_id) != 0 || gov_load(r, app_id, &v) != 0)
		return -1;
	audit_app(r, app_id);
	struct store *st = store_thread();
	int rc = -1;
	if (!may_govern(r, &v)) {
		err_set(&r->err, E_LC_NOT_OWNER, NULL);
		goto out;
	}
	if (v.state != APP_APPROVED || v.row.live_revision <= 0) {
		err_set(&r->err, E_LC_STATE, "%s", state_arg(r, v.state));
		goto out;
	}
	if (v.g.flags & APP_FLAG_MYNUMBER) {
		v.g.mynumber_approved = true;
		if (store_lc_gov_save(st, &v.g, &r->err) != 0)
			goto out;
	}
	if (store_app_set_state(st, app_id, APP_PUBLISHED, (int64_t)r->now, &r->err) != 0)
		goto out;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "app", app_id);
	jsonw_kstr(&s->w, "state", app_state_name(APP_PUBLISHED));
	jsonw_obj_end(&s->w);
	rc = 0;
out:
	gov_free(&v);
	return rc;
}

int h_app_withdraw(struct req *r, struct res *s)
{
	int64_t app_id, pending;
	struct gov v;
	if (param_id(r, r->params, "app", &app_id) != 0 || gov_load(r, app_id, &v) != 0)
		return -1;
	audit_app(r, app_id);
	struct store *st = store_thread();
	int rc = -1;
	struct lc_approval a;
	if (store_lc_pending(st, app_id, &pending, &r->err) != 0)
		goto out;
	if (pending && store_lc_approval_get(st, r->arena, pending, &a, &r->err) != 0)
		goto out;
	if (!may_govern(r, &v) && !(pending && a.requested_by == r->who.user_id)) {
		err_set(&r->err, E_LC_NOT_OWNER, NULL);
		goto out;
	}
	enum app_state next;
	if (pending) {
		next = lifecycle_back_state(lifecycle_kind_parse(a.kind), v.state);
		if (store_lc_approval_close(st, pending, "withdrawn", r->now, &r->err) != 0 ||
		    store_inbox_done_ref(st, "app.approval", pending, r->now, &r->err) != 0)
			goto out;
	} else if (v.state == APP_APPROVED) {
		next = APP_DRAFT;	/* approved but not published: back to the drawing board */
	} else {
		err_set(&r->err, E_LC_STATE, "%s", state_arg(r, v.state));
		goto out;
	}
	if (next != v.state &&
	    store_app_set_state(st, app_id, next, (int64_t)r->now, &r->err) != 0)
		goto out;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "app", app_id);
	jsonw_kstr(&s->w, "state", app_state_name(next));
	jsonw_obj_end(&s->w);
	rc = 0;
out:
	gov_free(&v);
	return rc;
}
