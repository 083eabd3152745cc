/*
 * org: the organisation API (departments 部 and sections 課/係, their heads and 保護管理者
 * protection managers), its CSV export and all-or-nothing import, moving a person
 * between sections (人事異動) with what they own, the section of a user for the users
 * API, and everyone's inbox. Everyone signed in reads the tree; account administrators
 * change it (routes.c).
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "export/csv.h"
#include "http/params.h"
#include "store/inbox.h"
#include "store/ledger.h"
#include "store/org.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

#define CODE_MAX 64
#define NAME_MAX_ 100

static bool is_section(const struct org_unit *u)
{
	return strcmp(u->kind, "section") == 0;
}

static void unit_json(struct jsonw *w, const struct org_unit *u)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", u->id);
	jsonw_kstr(w, "kind", u->kind);
	jsonw_kstr(w, "code", u->code);
	jsonw_kstr(w, "name", u->name);
	jsonw_kstr(w, "parent", u->parent_code);
	jsonw_kstr(w, "head", u->head_code);
	jsonw_key(w, "managers");
	jsonw_arr(w);
	for (const char *p = u->managers; *p;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		jsonw_strn(w, p, n);
		p += n + (c != NULL);
	}
	jsonw_arr_end(w);
	jsonw_kint_str(w, "position", u->position);
	jsonw_kint_str(w, "members", u->members);
	jsonw_obj_end(w);
}

int h_org_get(struct req *r, struct res *s)
{
	struct org_unit *units;
	size_t n;
	if (store_org_list(store_thread(), r->arena, &units, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "units");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		unit_json(&s->w, &units[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* A user id by login name for field key; "" or NULL is 0. */
static int user_id_of(struct req *r, const char *key, const char *code, int64_t *id)
{
	struct user u;
	*id = 0;
	if (code == NULL || *code == '\0')
		return 0;
	if (store_user_by_code(store_thread(), r->arena, code, &u, &r->err) != 0) {
		if (r->err.code != E_USER_NOT_FOUND)
			return -1;
		r->err.code = E_OK;
		r->err.n_fields = 0;
		return err_field(&r->err, key, FM_USER_UNKNOWN, code);
	}
	*id = u.id;
	return 0;
}

/* A string member of obj, or def when absent; field error when not a string. */
static int str_of(struct req *r, json_t *obj, const char *name, const char *prefix,
		  const char *def, const char **out)
{
	json_t *v = json_object_get(obj, name);
	*out = def;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_field(&r->err, arena_printf(r->arena, "%s%s", prefix, name), FM_TYPE,
				 "string");
	*out = json_string_value(v);
	return 0;
}

/*
 * Creates (old NULL) or changes a unit from the members of obj (kind, code, name, parent,
 * head, managers, position); prefix names fields in errors ("" or "rows[3]." ).
 */
static int unit_apply(struct req *r, json_t *obj, const struct org_unit *old, const char *prefix)
{
	struct store *st = store_thread();
	struct org_unit u = {0}, other;
	const char *parent, *head, *code_field = old ? "newCode" : "code";
	int64_t found, pos;
	if (old)
		u = *old;
	if (str_of(r, obj, "kind", prefix, old ? old->kind : NULL, &u.kind) != 0 ||
	    str_of(r, obj, code_field, prefix, old ? old->code : NULL, &u.code) != 0 ||
	    str_of(r, obj, "name", prefix, old ? old->name : NULL, &u.name) != 0 ||
	    str_of(r, obj, "parent", prefix, old ? old->parent_code : "", &parent) != 0 ||
	    str_of(r, obj, "head", prefix, old ? old->head_code : "", &head) != 0 ||
	    param_int(r, obj, "position", old ? old->position : 0, &pos) != 0)
		return -1;
	u.position = pos;
#define F(name) arena_printf(r->arena, "%s%s", prefix, name)
	if (u.kind == NULL || (strcmp(u.kind, "department") != 0 && strcmp(u.kind, "section") != 0))
		return err_field(&r->err, F("kind"), FM_ENUM, NULL);
	if (old && strcmp(u.kind, old->kind) != 0)
		return err_field(&r->err, F("kind"), FM_TEXT,
				 r->lang == LANG_JA ? "部と課・係の種別は変更できません。"
						    : "A unit's kind cannot be changed.");
	if (u.code == NULL || *u.code == '\0')
		return err_field(&r->err, F(code_field), FM_REQUIRED_PARAM, NULL);
	if (strlen(u.code) > CODE_MAX || strchr(u.code, ',') != NULL)
		return err_field(&r->err, F(code_field), FM_TOO_LONG, "64");
	if (u.name == NULL || *u.name == '\0')
		return err_field(&r->err, F("name"), FM_REQUIRED_PARAM, NULL);
	if (strlen(u.name) > NAME_MAX_ * 4)
		return err_field(&r->err, F("name"), FM_TOO_LONG, "100");
	if (store_org_by_code(st, r->arena, u.code, &other, &found, &r->err) != 0)
		return -1;
	if (found && (old == NULL || found != old->id))
		return err_field(&r->err, F(code_field), FM_DUPLICATE, u.code);
	u.parent_id = 0;
	if (is_section(&u)) {
		struct org_unit p;
		if (*parent == '\0')
			return err_set(&r->err, E_ORG_PARENT, "%s", u.code);
		if (store_org_by_code(st, r->arena, parent, &p, &found, &r->err) != 0)
			return -1;
		if (!found || strcmp(p.kind, "department") != 0)
			return err_set(&r->err, E_ORG_PARENT, "%s → %s", u.code, parent);
		u.parent_id = found;
	} else if (*parent != '\0') {
		return err_set(&r->err, E_ORG_PARENT, "%s → %s", u.code, parent);
	}
	if (user_id_of(r, F("head"), head, &u.head_id) != 0)
		return -1;
	json_t *managers = json_object_get(obj, "managers");
	int64_t *ids = NULL;
	size_t nids = 0;
	if (managers != NULL && !json_is_null(managers)) {
		if (!json_is_array(managers))
			return err_field(&r->err, F("managers"), FM_TYPE, "array");
		if (!is_section(&u) && json_array_size(managers) > 0)
			return err_field(&r->err, F("managers"), FM_TEXT,
					 r->lang == LANG_JA
						 ? "保護管理者は課・係に置きます（久喜市 第4条）。"
						 : "Protection managers belong to sections (Kuki art. 4).");
		if (json_array_size(managers) > 20)
			return err_field(&r->err, F("managers"), FM_TOO_MANY, "20");
		ids = arena_alloc(r->arena, (json_array_size(managers) + 1) * sizeof *ids);
		size_t i;
		json_t *v;
		json_array_foreach(managers, i, v) {
			const char *key = arena_printf(r->arena, "%smanagers[%zu]", prefix, i);
			if (!json_is_string(v))
				return err_field(&r->err, key, FM_TYPE, "string");
			if (user_id_of(r, key, json_string_value(v), &ids[nids]) != 0)
				return -1;
			if (ids[nids])
				nids++;
		}
	}
#undef F
	if (store_org_save(st, &u, r->now, &r->err) != 0)
		return -1;
	if (ids != NULL && store_org_set_managers(st, u.id, ids, nids, &r->err) != 0)
		return -1;
	audit_id(r, u.id);
	return 0;
}

int h_org_add(struct req *r, struct res *s)
{
	if (unit_apply(r, r->params, NULL, "") != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The unit named by the "code" parameter. */
static int target_unit(struct req *r, struct org_unit *u)
{
	const char *code;
	int64_t id;
	if (param_str(r, r->params, "code", NULL, &code) != 0)
		return -1;
	if (code == NULL)
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (store_org_by_code(store_thread(), r->arena, code, u, &id, &r->err) != 0)
		return -1;
	if (id == 0)
		return err_field(&r->err, "code", FM_INVALID, code);
	return 0;
}

int h_org_update(struct req *r, struct res *s)
{
	struct org_unit u;
	if (target_unit(r, &u) != 0 || unit_apply(r, r->params, &u, "") != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_org_delete(struct req *r, struct res *s)
{
	struct org_unit u;
	if (target_unit(r, &u) != 0)
		return -1;
	if (u.members > 0 || u.children > 0) {
		bool ja = r->lang == LANG_JA;
		const char *m = u.members ? arena_printf(r->arena, ja ? "職員 %lld 人" : "%lld member(s)",
							 (long long)u.members) : "";
		const char *c = u.children ? arena_printf(r->arena, ja ? "課・係 %lld" : "%lld section(s)",
							  (long long)u.children) : "";
		return err_set(&r->err, E_ORG_IN_USE, "%s%s%s", m, *m && *c ? ", " : "", c);
	}
	if (store_org_delete(store_thread(), u.id, &r->err) != 0)
		return -1;
	audit_id(r, u.id);
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

static const char *const csv_columns[] = {"kind", "code", "name", "parent", "head", "managers"};

int h_org_csv(struct req *r, struct res *s)
{
	struct org_unit *units;
	size_t n;
	struct csv_out out;
	if (store_org_list(store_thread(), r->arena, &units, &n, &r->err) != 0)
		return -1;
	if (csv_begin(&out, &s->body, CSV_UTF8_BOM) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	for (size_t k = 0; k < sizeof csv_columns / sizeof csv_columns[0]; k++)
		csv_cell(&out, csv_columns[k]);
	csv_row_end(&out);
	for (size_t i = 0; i < n; i++) {
		csv_cell(&out, units[i].kind);
		csv_cell(&out, units[i].code);
		csv_cell(&out, units[i].name);
		csv_cell(&out, units[i].parent_code);
		csv_cell(&out, units[i].head_code);
		csv_cell(&out, units[i].managers);
		csv_row_end(&out);
	}
	csv_end(&out);
	s->content_type = "text/csv; charset=utf-8";
	res_header(s, "Content-Disposition", "attachment; filename=\"organisation.csv\"");
	return 0;
}

/* Who belongs where: login, name, section code (active and suspended accounts alike). */
int h_org_members_csv(struct req *r, struct res *s)
{
	struct org_unit *units;
	struct user *users;
	size_t nunits, nusers;
	struct csv_out out;
	struct store *st = store_thread();
	if (store_org_list(st, r->arena, &units, &nunits, &r->err) != 0 ||
	    store_user_list(st, r->arena, 0, 1000000, &users, &nusers, &r->err) != 0)
		return -1;
	if (csv_begin(&out, &s->body, CSV_UTF8_BOM) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	csv_cell(&out, "login");
	csv_cell(&out, "name");
	csv_cell(&out, "section");
	csv_row_end(&out);
	for (size_t i = 0; i < nusers; i++) {
		const char *section = "";
		for (size_t k = 0; k < nunits; k++)
			if (units[k].id == users[i].section_id)
				section = units[k].code;
		csv_cell(&out, users[i].code);
		csv_cell(&out, users[i].name);
		csv_cell(&out, section);
		csv_row_end(&out);
	}
	csv_end(&out);
	s->content_type = "text/csv; charset=utf-8";
	res_header(s, "Content-Disposition", "attachment; filename=\"members.csv\"");
	return 0;
}

/*
 * Import: the CSV of the export (header row first). Every row creates the unit or, when
 * its code exists, changes it; rows are applied in order, so departments come before
 * their sections. The whole request is one transaction: the first refused row refuses
 * everything, its error keyed "rows[N].column" with N the 1-based CSV row.
 */
int h_org_import(struct req *r, struct res *s)
{
	const char *text;
	struct csv_row *rows;
	size_t nrows, bad;
	if (param_str(r, r->params, "csv", NULL, &text) != 0)
		return -1;
	if (text == NULL)
		return err_field(&r->err, "csv", FM_REQUIRED_PARAM, NULL);
	if (csv_read(r->arena, text, 5001, &rows, &nrows, &bad) != 0)
		return err_field(&r->err, arena_printf(r->arena, "rows[%zu]", bad), FM_TEXT,
				 r->lang == LANG_JA
					 ? "CSV として読めません（閉じていない引用符、引用符の外の \"、または 5,000 行を超える行数）。"
					 : "This is not readable CSV (an unclosed quote, a \" outside quotes, or more than 5,000 rows).");
	if (nrows == 0 || rows[0].n < 3 || strcmp(rows[0].cells[0], "kind") != 0)
		return err_field(&r->err, "rows[1]", FM_TEXT,
				 r->lang == LANG_JA ? "1 行目は見出し（kind,code,name,parent,head,managers）です。"
						    : "Row 1 is the header (kind,code,name,parent,head,managers).");
	size_t created = 0, changed = 0;
	for (size_t i = 1; i < nrows; i++) {
		const char *prefix = arena_printf(r->arena, "rows[%zu].", i + 1);
		json_t *obj = json_object();
		json_t *mgr = json_array();
		for (size_t k = 0; k < rows[i].n && k < 6; k++) {
			const char *v = rows[i].cells[k];
			if (k == 5) {
				for (const char *p = v; *p;) {
					const char *c = strchr(p, ',');
					size_t len = c ? (size_t)(c - p) : strlen(p);
					if (len)
						json_array_append_new(mgr, json_stringn(p, len));
					p += len + (c != NULL);
				}
			} else {
				json_object_set_new(obj, csv_columns[k], json_string(v));
			}
		}
		json_object_set_new(obj, "managers", mgr);
		json_object_set_new(obj, "position", json_integer((json_int_t)i));
		struct org_unit old;
		int64_t id = 0;
		const char *code = rows[i].n > 1 ? rows[i].cells[1] : "";
		int rc = store_org_by_code(store_thread(), r->arena, code, &old, &id, &r->err);
		if (rc == 0 && id)
			json_object_set_new(obj, "newCode", json_string(code));
		if (rc == 0)
			rc = unit_apply(r, obj, id ? &old : NULL, prefix);
		json_decref(obj);
		if (rc != 0) {
			/* whole-request errors (wrong parent) name the row too */
			if (r->err.code != E_INPUT && r->err.n_fields == 0)
				err_field(&r->err, arena_printf(r->arena, "rows[%zu]", i + 1), FM_INVALID,
					  NULL);
			return -1;
		}
		if (id)
			changed++;
		else
			created++;
	}
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "created", (long long)created);
	jsonw_kint_str(&s->w, "changed", (long long)changed);
	jsonw_obj_end(&s->w);
	return 0;
}

int org_section_param(struct req *r, struct user *u, bool creating)
{
	const char *code;
	int64_t sections, id;
	struct org_unit unit;
	struct store *st = store_thread();
	if (param_str(r, r->params, "section", NULL, &code) != 0)
		return -1;
	if (code == NULL && !creating)
		return 0;	/* unchanged */
	if (code == NULL || *code == '\0') {
		if (store_org_section_count(st, &sections, &r->err) != 0)
			return -1;
		if (sections > 0)
			return err_set(&r->err, E_ORG_SECTION_REQUIRED, NULL);
		u->section_id = 0;
		return 0;
	}
	if (store_org_by_code(st, r->arena, code, &unit, &id, &r->err) != 0)
		return -1;
	if (id == 0 || !is_section(&unit))
		return err_field(&r->err, "section", FM_TEXT,
				 arena_printf(r->arena, r->lang == LANG_JA
						 ? "課・係のコードではありません: %s"
						 : "Not the code of a section: %s", code));
	u->section_id = id;
	return 0;
}

int h_user_move(struct req *r, struct res *s)
{
	const char *code, *section;
	bool dry;
	struct user u;
	struct org_unit to, from = {0};
	int64_t to_id, from_id = 0;
	struct store *st = store_thread();
	if (param_str(r, r->params, "code", NULL, &code) != 0 ||
	    param_str(r, r->params, "section", NULL, &section) != 0 ||
	    param_bool(r, r->params, "dryRun", false, &dry) != 0)
		return -1;
	if (code == NULL)
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (section == NULL)
		return err_field(&r->err, "section", FM_REQUIRED_PARAM, NULL);
	if (store_user_by_code(st, r->arena, code, &u, &r->err) != 0)
		return -1;
	audit_id(r, u.id);
	if (store_org_by_code(st, r->arena, section, &to, &to_id, &r->err) != 0)
		return -1;
	if (to_id == 0 || !is_section(&to))
		return err_field(&r->err, "section", FM_TEXT,
				 arena_printf(r->arena, r->lang == LANG_JA
						 ? "課・係のコードではありません: %s"
						 : "Not the code of a section: %s", section));
	if (u.section_id) {
		struct org_unit *all;
		size_t n;
		if (store_org_list(st, r->arena, &all, &n, &r->err) != 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (all[i].id == u.section_id)
				from = all[i], from_id = all[i].id;
	}
	struct org_owned *owned;
	size_t nowned;
	if (store_org_owned(st, r->arena, u.id, &owned, &nowned, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "user", u.code);
	jsonw_kstr(&s->w, "from", from_id ? from.code : "");
	jsonw_kstr(&s->w, "to", to.code);
	jsonw_kbool(&s->w, "dryRun", dry);
	jsonw_key(&s->w, "owned");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < nowned; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "kind", owned[i].kind);
		jsonw_kint_str(&s->w, "id", owned[i].id);
		jsonw_kstr(&s->w, "label", owned[i].label);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	/* What the move ends: heading a unit other than the new section and its department,
	 * protecting a section other than the new one. */
	jsonw_key(&s->w, "cleared");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < nowned; i++) {
		bool head = strcmp(owned[i].kind, "head") == 0 && owned[i].id != to_id &&
			    owned[i].id != to.parent_id;
		bool prot = strcmp(owned[i].kind, "protection") == 0 && owned[i].id != to_id;
		if (!head && !prot)
			continue;
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "kind", owned[i].kind);
		jsonw_kint_str(&s->w, "id", owned[i].id);
		jsonw_kstr(&s->w, "label", owned[i].label);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	if (dry)
		return 0;
	/* Their apps wait in the hand-over queue until the section head names someone
	 * (Abiko §9(2)); the head of the section they leave is told, so it runs first. */
	size_t queued;
	if (from_id != 0 && from_id != to_id &&
	    store_handover_open(st, r->arena, u.id, "moved", r->now, &queued, &r->err) != 0)
		return -1;
	return store_org_set_section(st, u.id, to_id, &r->err) != 0 ||
	       store_org_clear_heads(st, u.id, to_id, to.parent_id, &r->err) != 0 ||
	       store_org_drop_managers(st, u.id, to_id, &r->err) != 0
		       ? -1 : 0;
}

int h_inbox_get(struct req *r, struct res *s)
{
	bool all;
	struct inbox_item *items;
	size_t n;
	char t[21];
	if (param_bool(r, r->params, "all", false, &all) != 0 ||
	    store_inbox_list(store_thread(), r->arena, r->who.user_id, all, &items, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "items");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", items[i].id);
		jsonw_kstr(&s->w, "kind", items[i].kind);
		jsonw_kint_str(&s->w, "refId", items[i].ref_id);
		jsonw_kstr(&s->w, "subject", items[i].subject);
		jsonw_key(&s->w, "detail");
		const char *d = items[i].detail && *items[i].detail ? items[i].detail : "{}";
		jsonw_raw(&s->w, d, strlen(d));
		time_fmt_utc((time_t)items[i].created_at, t);
		jsonw_kstr(&s->w, "createdAt", t);
		if (items[i].done_at) {
			time_fmt_utc((time_t)items[i].done_at, t);
			jsonw_kstr(&s->w, "doneAt", t);
		} else {
			jsonw_knull(&s->w, "doneAt");
		}
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_inbox_done(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_inbox_done(store_thread(), r->who.user_id, id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
