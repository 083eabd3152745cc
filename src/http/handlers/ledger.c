/*
 * ledger: the register of every app (台帳, Kuki 第16条; RULES.md rows 9 and 25) as JSON
 * and CSV, the hand-over queue of apps whose owner or maintainer moved or was suspended
 * (Abiko §9(2)), and the auditor's report (Kuki 第42–44条): the ledger, the permissions
 * of class Ⅰ apps, the access log's verification, the download thresholds and their
 * review, incidents and approvals over a period. Reading never changes anything; the
 * idle and expired flags (Abiko §9(1)③) are computed here from the access log.
 */
#include "http/handlers/handlers.h"
#include "fields/items.h"
#include "audit/seal.h"
#include "audit/verify.h"
#include "core/timeutil.h"
#include "export/csv.h"
#include "http/params.h"
#include "rules/classes.h"
#include "rules/ledger.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/downloads.h"
#include "store/inbox.h"
#include "store/ledger.h"
#include "store/users.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* Roles that see every app in the ledger; everyone else sees the apps they manage. */
enum { LEDGER_ALL_ROLES = ROLE_SYSTEM_ADMIN | ROLE_AUDITOR | ROLE_CHIEF_PROTECTION | ROLE_SECURITY_ADMIN };
/* Roles that see and settle the whole hand-over queue (heads see their sections'). */
enum { HANDOVER_ALL_ROLES = ROLE_SYSTEM_ADMIN | ROLE_ACCOUNT_ADMIN | ROLE_AUDITOR | ROLE_CHIEF_PROTECTION,
       HANDOVER_SETTLE_ROLES = ROLE_SYSTEM_ADMIN | ROLE_ACCOUNT_ADMIN };

/* Everything the ledger says about the apps, read once per request. */
struct ledger {
	struct ledger_app *apps;
	size_t n;
	struct ledger_activity *act;
	size_t n_act;
	struct ledger_export *exp;
	size_t n_exp;
	struct ledger_approval *apr;
	size_t n_apr;
	char today[16];
	int64_t idle_days;
};

static int ledger_read(struct req *r, struct ledger *l)
{
	struct store *st = store_thread();
	memset(l, 0, sizeof *l);
	struct ymd d = time_local_date(r->now, NULL);
	snprintf(l->today, sizeof l->today, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
	l->idle_days = policy_int("apps.idle_days");
	return store_ledger_apps(st, r->arena, &l->apps, &l->n, &r->err) != 0 ||
	       store_ledger_activity(st, r->arena, &l->act, &l->n_act, &r->err) != 0 ||
	       store_ledger_exports(st, r->arena, &l->exp, &l->n_exp, &r->err) != 0 ||
	       store_ledger_approvals(st, r->arena, 0, 0, 0, &l->apr, &l->n_apr, &r->err) != 0
		       ? -1 : 0;
}

static const char *last_activity(const struct ledger *l, int64_t app_id)
{
	for (size_t i = 0; i < l->n_act; i++)
		if (l->act[i].app_id == app_id)
			return l->act[i].last_at;
	return "";
}

static unsigned app_marks(const struct ledger *l, const struct ledger_app *x)
{
	return store_ledger_marks(x, last_activity(l, x->id), l->today, l->idle_days);
}

static const char *class_label(struct req *r, int64_t rank)
{
	if (rank <= 0)
		return "";
	char buf[64];
	classes_label((int)rank, buf, sizeof buf);
	return arena_strdup(r->arena, buf);
}

static const char *state_label(struct req *r, const char *state)
{
	int s = app_state_parse(state);
	return s < 0 ? state : app_state_label((enum app_state)s, r->lang != LANG_JA);
}

/* One permission-list entry: who (type, code) and which rights. */
struct acl_item {
	const char *type, *code;
	unsigned rights;
};

/* The live permission list as entries in order (first match wins); unknown keys ignored. */
static size_t acl_items(struct req *r, const char *text, const char *creator, struct acl_item **out)
{
	static const struct {
		const char *key;
		unsigned bit;
	} bits[] = {
		{"recordViewable", RIGHT_VIEW}, {"recordAddable", RIGHT_ADD},
		{"recordEditable", RIGHT_EDIT}, {"recordDeletable", RIGHT_DELETE},
		{"appEditable", RIGHT_MANAGE}, {"recordExportable", RIGHT_EXPORT},
	};
	*out = NULL;
	if (text == NULL || *text == '\0')
		return 0;
	json_t *rights = json_loads(text, 0, NULL);
	if (!json_is_array(rights)) {
		json_decref(rights);
		return 0;
	}
	size_t n = 0, i;
	json_t *x;
	*out = arena_alloc(r->arena, (json_array_size(rights) + 1) * sizeof **out);
	json_array_foreach(rights, i, x) {
		json_t *ent = json_object_get(x, "entity");
		const char *type = json_string_value(json_object_get(ent, "type"));
		const char *code = json_string_value(json_object_get(ent, "code"));
		if (type == NULL)
			continue;
		struct acl_item *a = &(*out)[n++];
		a->type = arena_strdup(r->arena, type);
		a->code = arena_strdup(r->arena, strcmp(type, "CREATOR") == 0 ? creator : code ? code : "");
		a->rights = 0;
		for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++)
			if (json_is_true(json_object_get(x, bits[b].key)))
				a->rights |= bits[b].bit;
	}
	json_decref(rights);
	return n;
}

/* The caller's rights by the list (their own entry, everyone, or creator; first match). */
static unsigned acl_rights_of(const struct acl_item *it, size_t n, const char *me)
{
	for (size_t i = 0; i < n; i++) {
		bool hit = (strcmp(it[i].type, "USER") == 0 || strcmp(it[i].type, "CREATOR") == 0)
				   ? strcmp(it[i].code, me) == 0
				   : strcmp(it[i].type, "GROUP") == 0 && strcmp(it[i].code, "everyone") == 0;
		if (hit)
			return it[i].rights;
	}
	return 0;
}

static bool sees_app(const struct req *r, const struct ledger_app *x, const struct acl_item *it, size_t n)
{
	if (r->who.admin || (r->who.roles & LEDGER_ALL_ROLES))
		return true;
	if (x->owner_id == r->who.user_id || x->maintainer_id == r->who.user_id)
		return true;
	return (acl_rights_of(it, n, r->who.user_code) & RIGHT_MANAGE) != 0;
}

static void rights_list(struct jsonw *w, unsigned rights)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{RIGHT_VIEW, "view"}, {RIGHT_ADD, "add"}, {RIGHT_EDIT, "edit"},
		     {RIGHT_DELETE, "delete"}, {RIGHT_MANAGE, "manage"}, {RIGHT_EXPORT, "export"}};
	jsonw_arr(w);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (rights & names[i].bit)
			jsonw_str(w, names[i].name);
	jsonw_arr_end(w);
}

static void ktime(struct jsonw *w, const char *k, int64_t t)
{
	char at[24] = "";
	if (t > 0)
		time_fmt_utc((time_t)t, at);
	jsonw_kstr(w, k, at);
}

/* {code, name} under key k (a person or a section), or null when code is empty. */
static void person(struct jsonw *w, const char *k, const char *code, const char *name)
{
	jsonw_key(w, k);
	if (code == NULL || *code == '\0') {
		jsonw_null(w);
		return;
	}
	jsonw_obj(w);
	jsonw_kstr(w, "code", code);
	jsonw_kstr(w, "name", name);
	jsonw_obj_end(w);
}

static void approval_json(struct jsonw *w, const struct ledger_approval *p)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", p->id);
	jsonw_kint_str(w, "app", p->app_id);
	jsonw_kstr(w, "appName", p->app_name);
	jsonw_kstr(w, "kind", p->kind);
	jsonw_kstr(w, "status", p->status);
	person(w, "requestedBy", p->requested_by, p->requested_by_name);
	ktime(w, "requestedAt", p->requested_at);
	ktime(w, "decidedAt", p->decided_at);
	jsonw_key(w, "steps");
	jsonw_raw(w, p->steps, strlen(p->steps));
	jsonw_obj_end(w);
}

/*
 * The registration items (Abiko §9(4)(5)) as the lifecycle defines them: purpose,
 * responsible and dates as entered; the information items from the form (personal ones
 * marked); the administrators (manage right) and users (any record right) from the
 * permission list. As JSON text in the arena.
 */
static const char *registration_of(struct req *r, const struct ledger_app *x, const struct acl_item *it,
				   size_t n_it)
{
	json_t *reg = json_loads(x->registration, 0, NULL);
	if (!json_is_object(reg)) {
		json_decref(reg);
		reg = json_object();
	}
	if (json_object_get(reg, "items") == NULL) {
		json_t *props = json_loads(x->properties, 0, NULL);
		json_t *personal = json_loads(x->personal_fields, 0, NULL);
		json_t *items = form_information_items(props, personal);
		json_decref(props);
		json_decref(personal);
		json_object_set_new(reg, "items", items);
	}
	for (int admins = 1; admins >= 0; admins--) {
		const char *key = admins ? "admins" : "users";
		if (json_object_get(reg, key) != NULL)
			continue;
		json_t *list = json_array();
		for (size_t i = 0; i < n_it; i++) {
			bool manage = it[i].rights & RIGHT_MANAGE;
			bool any = manage || (it[i].rights & (RIGHT_VIEW | RIGHT_ADD));
			if (admins ? manage : any)
				json_array_append_new(list, json_pack("{s:s,s:s}", "type", it[i].type, "code", it[i].code));
		}
		json_object_set_new(reg, key, list);
	}
	char *text = json_dumps(reg, JSON_COMPACT);
	json_decref(reg);
	const char *out = arena_strdup(r->arena, text ? text : "{}");
	free(text);
	return out;
}

/* One app of the ledger as JSON. */
static int app_json(struct req *r, struct jsonw *w, const struct ledger *l, const struct ledger_app *x,
		    const struct acl_item *it, size_t n_it, unsigned marks)
{
	int64_t records;
	if (store_ledger_record_count(store_thread(), x->id, &records, &r->err) != 0)
		return -1;
	jsonw_obj(w);
	jsonw_kint_str(w, "id", x->id);
	jsonw_kstr(w, "code", x->code);
	jsonw_kstr(w, "name", x->name);
	jsonw_kint_str(w, "class", x->info_class);
	jsonw_kstr(w, "classLabel", class_label(r, x->info_class));
	jsonw_key(w, "flags");
	jsonw_obj(w);
	jsonw_kbool(w, "personal", x->flags & APP_FLAG_PERSONAL);
	jsonw_kbool(w, "sensitive", x->flags & APP_FLAG_SENSITIVE);
	jsonw_kbool(w, "myNumber", x->flags & APP_FLAG_MYNUMBER);
	jsonw_obj_end(w);
	jsonw_kstr(w, "state", x->state);
	jsonw_kstr(w, "stateLabel", state_label(r, x->state));
	const char *reg = registration_of(r, x, it, n_it);
	jsonw_key(w, "registration");
	jsonw_raw(w, reg, strlen(reg));
	jsonw_kstr(w, "startDate", x->start_date);
	jsonw_kstr(w, "endDate", x->end_date);
	jsonw_key(w, "personalFields");
	jsonw_raw(w, x->personal_fields, strlen(x->personal_fields));
	person(w, "owner", x->owner_code, x->owner_name);
	person(w, "maintainer", x->maintainer_code, x->maintainer_name);
	jsonw_kstr(w, "creator", x->creator_code);
	person(w, "section", x->section_id ? x->section_code : "", x->section_name);
	jsonw_kstr(w, "createdAt", x->created_at);
	jsonw_kbool(w, "deployed", x->live_revision > 0);
	jsonw_kint_str(w, "records", records);
	jsonw_kstr(w, "lastActivity", last_activity(l, x->id));
	jsonw_kbool(w, "idle", marks & LEDGER_IDLE);
	jsonw_kbool(w, "expired", marks & LEDGER_EXPIRED);
	jsonw_kbool(w, "handover", x->handovers_open > 0);
	jsonw_key(w, "readers");
	jsonw_arr(w);
	for (size_t i = 0; i < n_it; i++) {
		if (!(it[i].rights & RIGHT_VIEW))
			continue;
		jsonw_obj(w);
		jsonw_kstr(w, "type", it[i].type);
		jsonw_kstr(w, "code", it[i].code);
		jsonw_key(w, "rights");
		rights_list(w, it[i].rights);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "exports");
	jsonw_arr(w);
	for (size_t i = 0; i < l->n_exp; i++) {
		const struct ledger_export *e = &l->exp[i];
		if (e->app_id != x->id)
			continue;
		jsonw_obj(w);
		jsonw_kstr(w, "user", e->user_code);
		jsonw_kstr(w, "name", e->user_name);
		jsonw_kint_str(w, "count", e->count);
		jsonw_kstr(w, "lastAt", e->last_at);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "approvals");
	jsonw_arr(w);
	for (size_t i = 0; i < l->n_apr; i++)
		if (l->apr[i].app_id == x->id)
			approval_json(w, &l->apr[i]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

/* The filters of the ledger: class (rank), state, mark (idle, expired, handover). */
struct ledger_filter {
	int64_t rank;
	const char *state, *mark;
};

static int read_ledger_filter(struct req *r, struct ledger_filter *f)
{
	if (param_int(r, r->params, "class", 0, &f->rank) != 0 ||
	    param_str(r, r->params, "state", "", &f->state) != 0 ||
	    param_str(r, r->params, "mark", "", &f->mark) != 0)
		return -1;
	if (f->rank < 0 || f->rank > 99)
		return err_set(&r->err, E_LEDGER_FILTER, "class");
	if (*f->mark && strcmp(f->mark, "idle") && strcmp(f->mark, "expired") && strcmp(f->mark, "handover"))
		return err_set(&r->err, E_LEDGER_FILTER, "mark");
	static const char *const states[] = {"", "draft", "requested", "approved", "published",
					     "end_requested", "closed"};
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(f->state, states[i]) == 0)
			return 0;
	return err_set(&r->err, E_LEDGER_FILTER, "state");
}

static bool passes(const struct ledger_filter *f, const struct ledger_app *x, unsigned marks)
{
	if (f->rank && x->info_class != f->rank)
		return false;
	if (*f->state && strcmp(f->state, x->state) != 0)
		return false;
	if (strcmp(f->mark, "idle") == 0)
		return marks & LEDGER_IDLE;
	if (strcmp(f->mark, "expired") == 0)
		return marks & LEDGER_EXPIRED;
	if (strcmp(f->mark, "handover") == 0)
		return x->handovers_open > 0;
	return true;
}

/* Writes the ledger's "apps" array (filtered by what the caller may see and f). */
static int apps_json(struct req *r, struct jsonw *w, const struct ledger *l, const struct ledger_filter *f)
{
	jsonw_arr(w);
	for (size_t i = 0; i < l->n; i++) {
		const struct ledger_app *x = &l->apps[i];
		struct acl_item *it;
		size_t n_it = acl_items(r, x->acl, x->creator_code, &it);
		unsigned marks = app_marks(l, x);
		if (!sees_app(r, x, it, n_it) || (f && !passes(f, x, marks)))
			continue;
		if (app_json(r, w, l, x, it, n_it, marks) != 0)
			return -1;
	}
	jsonw_arr_end(w);
	return 0;
}

int h_ledger_get(struct req *r, struct res *s)
{
	struct ledger l;
	struct ledger_filter f;
	if (read_ledger_filter(r, &f) != 0 || ledger_read(r, &l) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "today", l.today);
	jsonw_kint_str(&s->w, "idleDays", l.idle_days);
	jsonw_kbool(&s->w, "all", r->who.admin || (r->who.roles & LEDGER_ALL_ROLES));
	jsonw_key(&s->w, "apps");
	if (apps_json(r, &s->w, &l, &f) != 0)
		return -1;
	jsonw_obj_end(&s->w);
	return 0;
}

/* A registration item as one line of text: strings as they are, lists joined. */
static const char *reg_text(struct req *r, json_t *reg, const char *key)
{
	json_t *v = json_object_get(reg, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v)) {
		struct buf b;
		size_t i;
		json_t *x;
		buf_init(&b, 0);
		json_array_foreach(v, i, x) {
			const char *t = json_string_value(x);
			if (t == NULL && json_is_object(x)) {
				t = json_string_value(json_object_get(x, "label"));
				if (t == NULL || *t == '\0')
					t = json_string_value(json_object_get(x, "name"));
				if (t == NULL || *t == '\0')
					t = json_string_value(json_object_get(x, "code"));
			}
			if (t == NULL)
				continue;
			if (b.len)
				buf_puts(&b, "、");
			buf_puts(&b, t);
			/* Items marked personal data (Abiko §5(3)). */
			if (json_is_true(json_object_get(x, "personal")))
				buf_puts(&b, r->lang == LANG_JA ? "（個人）" : " (personal)");
		}
		const char *out = arena_strdup(r->arena, buf_str(&b));
		buf_free(&b);
		return out;
	}
	if (json_is_object(v)) {
		char *d = json_dumps(v, JSON_COMPACT);
		const char *out = arena_strdup(r->arena, d ? d : "");
		free(d);
		return out;
	}
	return "";
}

/* A cell a spreadsheet would run as a formula gets a leading apostrophe. */
static const char *cell(struct req *r, const char *v)
{
	if (v && (*v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' || *v == '\r'))
		return arena_printf(r->arena, "'%s", v);
	return v ? v : "";
}

int h_ledger_csv(struct req *r, struct res *s)
{
	struct ledger l;
	struct ledger_filter f;
	const char *enc;
	if (read_ledger_filter(r, &f) != 0 || param_str(r, r->params, "encoding", "UTF-8", &enc) != 0)
		return -1;
	enum csv_encoding ce;
	if (strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf-8") == 0)
		ce = CSV_UTF8_BOM;
	else if (strcmp(enc, "Shift_JIS") == 0 || strcmp(enc, "SJIS") == 0 || strcmp(enc, "sjis") == 0)
		ce = CSV_SHIFT_JIS;
	else
		return err_field(&r->err, "encoding", FM_ENUM, NULL);
	if (ledger_read(r, &l) != 0)
		return -1;
	bool ja = r->lang == LANG_JA;
	static const char *const head_ja[] = {
		"アプリID", "アプリ名", "重要性分類", "個人情報", "要配慮個人情報", "特定個人情報", "状態",
		"利用目的", "情報項目", "管理者", "利用者", "責任者", "利用開始日", "利用終了日",
		"アプリ管理者", "保守担当", "所属", "レコード数", "閲覧できる者", "最終利用", "未使用",
		"期限切れ", "引継ぎ待ち", "承認", "書き出し履歴"};
	static const char *const head_en[] = {
		"App ID", "Name", "Class", "Personal", "Sensitive", "My Number", "State",
		"Purpose", "Items", "Admins", "Users", "Responsible", "Start date", "End date",
		"Owner", "Maintainer", "Section", "Records", "Readers", "Last activity", "Idle",
		"Expired", "Hand-over", "Approvals", "Exports"};
	enum { NCOL = sizeof head_ja / sizeof head_ja[0] };
	struct csv_out out;
	if (csv_begin(&out, &s->body, ce) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	for (size_t i = 0; i < NCOL; i++)
		csv_cell(&out, ja ? head_ja[i] : head_en[i]);
	csv_row_end(&out);
	const char *yes = ja ? "○" : "yes", *no = "";
	for (size_t i = 0; i < l.n; i++) {
		const struct ledger_app *x = &l.apps[i];
		struct acl_item *it;
		size_t n_it = acl_items(r, x->acl, x->creator_code, &it);
		unsigned marks = app_marks(&l, x);
		if (!sees_app(r, x, it, n_it) || !passes(&f, x, marks))
			continue;
		int64_t records;
		if (store_ledger_record_count(store_thread(), x->id, &records, &r->err) != 0) {
			csv_end(&out);
			return -1;
		}
		json_t *reg = json_loads(registration_of(r, x, it, n_it), 0, NULL);
		struct buf readers, apr, exp;
		buf_init(&readers, 0);
		buf_init(&apr, 0);
		buf_init(&exp, 0);
		for (size_t k = 0; k < n_it; k++)
			if (it[k].rights & RIGHT_VIEW)
				buf_printf(&readers, "%s%s%s%s", readers.len ? "; " : "",
					   strcmp(it[k].type, "USER") ? it[k].type : "",
					   strcmp(it[k].type, "USER") && *it[k].code ? ":" : "", it[k].code);
		for (size_t k = 0; k < l.n_apr; k++) {
			const struct ledger_approval *p = &l.apr[k];
			char at[24] = "";
			if (p->app_id != x->id)
				continue;
			if (p->decided_at > 0)
				time_fmt_utc((time_t)p->decided_at, at);
			buf_printf(&apr, "%s%s %s (%s%s%s)", apr.len ? "; " : "", p->kind, p->status,
				   p->requested_by, *at ? " " : "", at);
		}
		for (size_t k = 0; k < l.n_exp; k++)
			if (l.exp[k].app_id == x->id)
				buf_printf(&exp, "%s%s ×%lld (%s)", exp.len ? "; " : "", l.exp[k].user_code,
					   (long long)l.exp[k].count, l.exp[k].last_at);
		char id[24], cnt[24];
		snprintf(id, sizeof id, "%lld", (long long)x->id);
		snprintf(cnt, sizeof cnt, "%lld", (long long)records);
		const char *cells[NCOL] = {
			id, cell(r, x->name), class_label(r, x->info_class),
			x->flags & APP_FLAG_PERSONAL ? yes : no, x->flags & APP_FLAG_SENSITIVE ? yes : no,
			x->flags & APP_FLAG_MYNUMBER ? yes : no, state_label(r, x->state),
			cell(r, reg_text(r, reg, "purpose")), cell(r, reg_text(r, reg, "items")),
			cell(r, reg_text(r, reg, "admins")), cell(r, reg_text(r, reg, "users")),
			cell(r, reg_text(r, reg, "responsible")), x->start_date, x->end_date,
			x->owner_code, x->maintainer_code, cell(r, x->section_name), cnt,
			cell(r, buf_str(&readers)), last_activity(&l, x->id),
			marks & LEDGER_IDLE ? yes : no, marks & LEDGER_EXPIRED ? yes : no,
			x->handovers_open ? yes : no, cell(r, buf_str(&apr)), cell(r, buf_str(&exp))};
		for (size_t k = 0; k < NCOL; k++)
			csv_cell(&out, cells[k]);
		csv_row_end(&out);
		json_decref(reg);
		buf_free(&readers);
		buf_free(&apr);
		buf_free(&exp);
	}
	csv_end(&out);
	char name[96];
	snprintf(name, sizeof name, "attachment; filename=\"ledger-%s.csv\"", l.today);
	s->content_type = ce == CSV_SHIFT_JIS ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
	res_header(s, "Content-Disposition", arena_strdup(r->arena, name));
	return 0;
}

/* Hand-over queue ------------------------------------------------------------------ */

static bool heads_row(const struct req *r, const struct handover *h)
{
	return h->section_head_id == r->who.user_id || h->department_head_id == r->who.user_id;
}

int h_handover_get(struct req *r, struct res *s)
{
	bool all;
	struct handover *h;
	size_t n;
	if (param_bool(r, r->params, "all", false, &all) != 0 ||
	    store_handover_list(store_thread(), r->arena, all, &h, &n, &r->err) != 0)
		return -1;
	bool every = r->who.admin || (r->who.roles & HANDOVER_ALL_ROLES);
	struct jsonw *w = &s->w;
	jsonw_obj(w);
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (size_t i = 0; i < n; i++) {
		const struct handover *x = &h[i];
		if (!every && !heads_row(r, x))
			continue;
		jsonw_obj(w);
		jsonw_kint_str(w, "id", x->id);
		jsonw_kint_str(w, "app", x->app_id);
		jsonw_kstr(w, "appName", x->app_name);
		jsonw_kstr(w, "role", x->role);
		jsonw_kstr(w, "reason", x->reason);
		person(w, "user", x->user_code, x->user_name);
		person(w, "section", x->section_id ? x->section_code : "", x->section_name);
		ktime(w, "createdAt", x->created_at);
		ktime(w, "resolvedAt", x->resolved_at);
		jsonw_kstr(w, "resolvedBy", x->resolved_by);
		jsonw_kstr(w, "newUser", x->new_user_code);
		jsonw_kbool(w, "canAssign", x->resolved_at == 0 &&
				    (r->who.admin || (r->who.roles & HANDOVER_SETTLE_ROLES) || heads_row(r, x)));
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

int h_handover_put(struct req *r, struct res *s)
{
	int64_t id;
	const char *code;
	struct handover h;
	struct user u;
	struct store *st = store_thread();
	if (param_id(r, r->params, "id", &id) != 0 || param_str(r, r->params, "user", NULL, &code) != 0)
		return -1;
	if (code == NULL || *code == '\0')
		return err_field(&r->err, "user", FM_REQUIRED_PARAM, NULL);
	if (store_handover_get(st, r->arena, id, &h, &r->err) != 0)
		return -1;
	audit_app(r, h.app_id);
	if (!(r->who.admin || (r->who.roles & HANDOVER_SETTLE_ROLES) || heads_row(r, &h)))
		return err_set(&r->err, E_HANDOVER_APPROVER, NULL);
	if (h.resolved_at != 0)
		return err_set(&r->err, E_HANDOVER_TO, "%s", r->lang == LANG_JA ? "引継ぎ済み" : "already handed over");
	if (store_user_by_code(st, r->arena, code, &u, &r->err) != 0)
		return -1;
	if (!u.active || u.id == h.user_id)
		return err_set(&r->err, E_HANDOVER_TO, "%s", u.code);
	if (store_handover_resolve(st, &h, u.id, r->who.user_id, r->now, &r->err) != 0)
		return -1;
	if (store_app_gov_bump(st, h.app_id, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", h.id);
	jsonw_kint_str(&s->w, "app", h.app_id);
	jsonw_kstr(&s->w, "role", h.role);
	jsonw_kstr(&s->w, "user", u.code);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The auditor's report ------------------------------------------------------------- */

/* The permissions of one class Ⅰ app: every entry with what it allows. */
static void permissions_json(struct req *r, struct jsonw *w, const struct ledger_app *x,
			     size_t n_admins, const char *const *admin_codes)
{
	struct acl_item *it;
	size_t n_it = acl_items(r, x->acl, x->creator_code, &it);
	jsonw_obj(w);
	jsonw_kint_str(w, "app", x->id);
	jsonw_kstr(w, "name", x->name);
	jsonw_kint_str(w, "class", x->info_class);
	jsonw_kstr(w, "classLabel", class_label(r, x->info_class));
	jsonw_kbool(w, "deployed", x->live_revision > 0);
	jsonw_key(w, "entries");
	jsonw_arr(w);
	for (size_t i = 0; i < n_it; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "type", it[i].type);
		jsonw_kstr(w, "code", it[i].code);
		jsonw_kbool(w, "view", it[i].rights & RIGHT_VIEW);
		jsonw_kbool(w, "add", it[i].rights & RIGHT_ADD);
		jsonw_kbool(w, "edit", it[i].rights & RIGHT_EDIT);
		jsonw_kbool(w, "delete", it[i].rights & RIGHT_DELETE);
		jsonw_kbool(w, "manage", it[i].rights & RIGHT_MANAGE);
		jsonw_kbool(w, "export", it[i].rights & RIGHT_EXPORT);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	/* System administrators reach every app whatever the list says. */
	jsonw_key(w, "systemAdmins");
	jsonw_arr(w);
	for (size_t i = 0; i < n_admins; i++)
		jsonw_str(w, admin_codes[i]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

int h_app_report(struct req *r, struct res *s)
{
	time_t tf, tt;
	struct store *st = store_thread();
	if (param_period(r, &tf, &tt) != 0)
		return -1;
	time_t end = tt + 86400;
	struct ledger l;
	struct ledger_approval *apr;
	struct ledger_incident *inc;
	struct dl_limit *lim;
	struct verify_report v;
	int64_t *admins;
	size_t n_apr, n_inc, n_lim, n_admins;
	if (ledger_read(r, &l) != 0 ||
	    store_ledger_approvals(st, r->arena, 0, tf, end, &apr, &n_apr, &r->err) != 0 ||
	    store_ledger_incidents(st, r->arena, tf, end, &inc, &n_inc, &r->err) != 0 ||
	    store_dl_limits_list(st, r->arena, &lim, &n_lim, &r->err) != 0 ||
	    store_users_with_roles(st, r->arena, ROLE_SYSTEM_ADMIN, &admins, &n_admins, &r->err) != 0 ||
	    verify_log(st, NULL, seal_public_hex(), &v, &r->err) != 0)
		return -1;
	const char **admin_codes = arena_alloc(r->arena, (n_admins + 1) * sizeof *admin_codes);
	for (size_t i = 0; i < n_admins; i++) {
		struct user u;
		if (store_user_by_id(st, r->arena, admins[i], &u, &r->err) != 0)
			return -1;
		admin_codes[i] = u.code;
	}
	struct jsonw *w = &s->w;
	char day[16];
	struct tm tm;
	jsonw_obj(w);
	gmtime_r(&tf, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	jsonw_kstr(w, "from", day);
	gmtime_r(&tt, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	jsonw_kstr(w, "to", day);
	ktime(w, "generatedAt", r->now);
	person(w, "generatedBy", r->who.user_code, r->who.user_name);
	jsonw_key(w, "ledger");
	jsonw_obj(w);
	jsonw_kstr(w, "today", l.today);
	jsonw_kint_str(w, "idleDays", l.idle_days);
	jsonw_key(w, "apps");
	if (apps_json(r, w, &l, NULL) != 0)
		return -1;
	jsonw_obj_end(w);
	jsonw_key(w, "permissions");
	jsonw_arr(w);
	for (size_t i = 0; i < l.n; i++)
		if (l.apps[i].info_class == 1)
			permissions_json(r, w, &l.apps[i], n_admins, admin_codes);
	jsonw_arr_end(w);
	jsonw_key(w, "verification");
	jsonw_obj(w);
	jsonw_kbool(w, "ok", v.n == 0);
	jsonw_kint_str(w, "entries", v.entries);
	jsonw_kint_str(w, "checkpoints", v.checkpoints);
	jsonw_kint_str(w, "problems", (long long)v.n);
	jsonw_key(w, "details");
	jsonw_arr(w);
	for (size_t i = 0; i < v.n && i < 20; i++) {
		struct buf d;
		buf_init(&d, 0);
		verify_describe(&v.problems[i], &d);
		jsonw_str(w, buf_str(&d));
		buf_free(&d);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	int64_t def = policy_int("downloads.default_threshold");
	jsonw_key(w, "thresholds");
	jsonw_obj(w);
	jsonw_kbool(w, "enabled", policy_bool("downloads.warnings"));
	jsonw_kint_str(w, "defaultThreshold", def);
	jsonw_kint_str(w, "windowHours", policy_int("downloads.window_hours"));
	jsonw_key(w, "apps");
	jsonw_arr(w);
	for (size_t i = 0; i < n_lim; i++) {
		jsonw_obj(w);
		jsonw_kint_str(w, "app", lim[i].app_id);
		jsonw_kstr(w, "name", lim[i].app_name);
		jsonw_kbool(w, "usesDefault", !lim[i].has_threshold);
		jsonw_kint_str(w, "threshold", lim[i].has_threshold ? lim[i].threshold : def);
		jsonw_kint_str(w, "hardCap", lim[i].hard_cap);
		jsonw_kstr(w, "setBy", lim[i].set_by);
		ktime(w, "setAt", lim[i].set_at);
		jsonw_kstr(w, "reviewedBy", lim[i].reviewed_by);
		ktime(w, "reviewedAt", lim[i].reviewed_at);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_key(w, "incidents");
	jsonw_arr(w);
	for (size_t i = 0; i < n_inc; i++) {
		jsonw_obj(w);
		jsonw_kint_str(w, "id", inc[i].id);
		ktime(w, "at", inc[i].created_at);
		jsonw_kstr(w, "kind", inc[i].kind);
		jsonw_kstr(w, "reporter", inc[i].reporter);
		jsonw_kstr(w, "subject", inc[i].subject);
		jsonw_kstr(w, "summary", inc[i].summary);
		jsonw_kstr(w, "action", inc[i].action);
		jsonw_kstr(w, "status", inc[i].status);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "approvals");
	jsonw_arr(w);
	for (size_t i = 0; i < n_apr; i++)
		approval_json(w, &apr[i]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}
