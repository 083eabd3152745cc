/*
 * property: validating and storing field definitions (see property.h).
 *
 * Each supported type has a row in `kinds` saying which properties it takes; anything
 * else a client sends for that type is refused with the property's name, so a typo
 * never silently does nothing. Types kintone has but daicho does not support yet
 * (CALC, lookups, related records, organisation and group selects, process
 * management fields) are refused with a message saying so.
 */
#include "fields/property.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

enum {
	P_REQUIRED = 1 << 0,
	P_UNIQUE = 1 << 1,
	P_DEFAULT_TEXT = 1 << 2,
	P_DEFAULT_LIST = 1 << 3,
	P_DEFAULT_NOW = 1 << 4,
	P_LENGTH = 1 << 5,
	P_VALUE = 1 << 6,
	P_NUMBER_FMT = 1 << 7,
	P_OPTIONS = 1 << 8,
	P_ALIGN = 1 << 9,
	P_PROTOCOL = 1 << 10,
	P_THUMB = 1 << 11,
	P_ENTITIES = 1 << 12,
	P_FIELDS = 1 << 13,
	P_EXPRESSION = 1 << 14,
	P_DEFAULT_USERS = 1 << 15,
};

struct kind {
	enum field_type type;
	unsigned props;
};

static const struct kind kinds[] = {
	{FT_RECORD_NUMBER, 0},
	{FT_CREATOR, 0},
	{FT_CREATED_TIME, 0},
	{FT_MODIFIER, 0},
	{FT_UPDATED_TIME, 0},
	{FT_SINGLE_LINE_TEXT, P_REQUIRED | P_UNIQUE | P_DEFAULT_TEXT | P_LENGTH | P_EXPRESSION},
	{FT_MULTI_LINE_TEXT, P_REQUIRED | P_DEFAULT_TEXT},
	{FT_RICH_TEXT, P_REQUIRED | P_DEFAULT_TEXT},
	{FT_NUMBER, P_REQUIRED | P_UNIQUE | P_DEFAULT_TEXT | P_VALUE | P_NUMBER_FMT},
	{FT_RADIO_BUTTON, P_REQUIRED | P_DEFAULT_TEXT | P_OPTIONS | P_ALIGN},
	{FT_CHECK_BOX, P_REQUIRED | P_DEFAULT_LIST | P_OPTIONS | P_ALIGN},
	{FT_MULTI_SELECT, P_REQUIRED | P_DEFAULT_LIST | P_OPTIONS},
	{FT_DROP_DOWN, P_REQUIRED | P_DEFAULT_TEXT | P_OPTIONS},
	{FT_DATE, P_REQUIRED | P_UNIQUE | P_DEFAULT_TEXT | P_DEFAULT_NOW},
	{FT_TIME, P_REQUIRED | P_DEFAULT_TEXT | P_DEFAULT_NOW},
	{FT_DATETIME, P_REQUIRED | P_UNIQUE | P_DEFAULT_TEXT | P_DEFAULT_NOW},
	{FT_LINK, P_REQUIRED | P_UNIQUE | P_DEFAULT_TEXT | P_LENGTH | P_PROTOCOL},
	{FT_FILE, P_REQUIRED | P_THUMB},
	{FT_USER_SELECT, P_REQUIRED | P_DEFAULT_USERS | P_ENTITIES},
	{FT_SUBTABLE, P_FIELDS},
};

/* kintone types refused for now, with what they are. */
static const char *const later[] = {
	"CALC", "ORGANIZATION_SELECT", "GROUP_SELECT", "REFERENCE_TABLE", "GROUP",
	"CATEGORY", "STATUS", "STATUS_ASSIGNEE", "LABEL", "SPACER", "HR",
};

static const struct kind *kind_of(enum field_type t)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].type == t)
			return &kinds[i];
	return NULL;
}

/* Which property names belong to which flag. */
static const struct {
	const char *name;
	unsigned flag;
} prop_names[] = {
	{"required", P_REQUIRED},
	{"unique", P_UNIQUE},
	{"defaultValue", P_DEFAULT_TEXT | P_DEFAULT_LIST | P_DEFAULT_USERS},
	{"defaultNowValue", P_DEFAULT_NOW},
	{"minLength", P_LENGTH},
	{"maxLength", P_LENGTH},
	{"minValue", P_VALUE},
	{"maxValue", P_VALUE},
	{"digit", P_NUMBER_FMT},
	{"displayScale", P_NUMBER_FMT},
	{"unit", P_NUMBER_FMT},
	{"unitPosition", P_NUMBER_FMT},
	{"options", P_OPTIONS},
	{"align", P_ALIGN},
	{"protocol", P_PROTOCOL},
	{"thumbnailSize", P_THUMB},
	{"entities", P_ENTITIES},
	{"fields", P_FIELDS},
	{"expression", P_EXPRESSION},
	{"hideExpression", P_EXPRESSION},
};

static int perr(struct err *e, const char *code, const char *prop, enum fmsg m, const char *arg)
{
	char key[512];
	if (prop)
		snprintf(key, sizeof key, "properties.%s.%s", code, prop);
	else
		snprintf(key, sizeof key, "properties.%s", code);
	return err_field(e, key, m, arg);
}

/* Field codes: 1..128 characters; ASCII letters, digits and "_" (not leading digit),
 * or any non-ASCII character other than the ideographic space. */
static bool valid_code(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || !utf8_valid(code, n, NULL) || utf8_count(code, n) > 128)
		return false;
	if (code[0] >= '0' && code[0] <= '9')
		return false;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(code + i, n - i, &cp);
		if (cp < 0x80) {
			bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
				  (cp >= '0' && cp <= '9') || cp == '_';
			if (!ok)
				return false;
		} else if (cp == 0x3000) {
			return false;
		}
		i += k;
	}
	return true;
}

/* Reads a boolean property (JSON bool or "true"/"false"); default when absent. */
static int get_bool(json_t *p, const char *code, const char *name, bool def, bool *out,
		    struct err *e)
{
	json_t *v = json_object_get(p, name);
	if (v == NULL || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_string(v) && (strcmp(json_string_value(v), "true") == 0 ||
				  strcmp(json_string_value(v), "false") == 0)) {
		*out = strcmp(json_string_value(v), "true") == 0;
		return 0;
	}
	return perr(e, code, name, FM_TYPE, "true / false");
}

/* Reads a string property (numbers are turned into text); NULL when absent. */
static int get_str(json_t *p, const char *code, const char *name, const char **out, char *tmp,
		   size_t tmpsz, struct err *e)
{
	json_t *v = json_object_get(p, name);
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (json_is_integer(v)) {
		snprintf(tmp, tmpsz, "%lld", (long long)json_integer_value(v));
		*out = tmp;
		return 0;
	}
	if (json_is_real(v)) {
		snprintf(tmp, tmpsz, "%.17g", json_real_value(v));
		*out = tmp;
		return 0;
	}
	return perr(e, code, name, FM_TYPE, "string");
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Normalises options {name:{label,index}} into stored form. */
static int norm_options(json_t *in, const char *code, json_t *out, struct err *e)
{
	json_t *opts = json_object_get(in, "options");
	if (opts == NULL || !json_is_object(opts) || json_object_size(opts) == 0)
		return perr(e, code, "options", FM_REQUIRED_PARAM, NULL);
	if (json_object_size(opts) > 1000)
		return perr(e, code, "options", FM_TOO_MANY, "1000");
	json_t *o = json_object();
	const char *name;
	json_t *v;
	int i = 0, rc = 0;
	json_object_foreach(opts, name, v) {
		char tmp[32];
		const char *idx = NULL, *label = NULL;
		if (!json_is_object(v) || *name == '\0' || strlen(name) > 1000) {
			rc = perr(e, code, "options", FM_INVALID, NULL);
			break;
		}
		if (get_str(v, code, "index", &idx, tmp, sizeof tmp, e) != 0 ||
		    get_str(v, code, "label", &label, tmp, 0, e) != 0) {
			rc = -1;
			break;
		}
		int64_t n = i;
		if (idx != NULL && (!str_to_i64(idx, &n) || n < 0)) {
			rc = perr(e, code, "options", FM_INTEGER, NULL);
			break;
		}
		char nbuf[24];
		snprintf(nbuf, sizeof nbuf, "%lld", (long long)n);
		json_object_set_new(o, name, json_pack("{s:s,s:s}", "label", name, "index", nbuf));
		i++;
	}
	if (rc != 0) {
		json_decref(o);
		return -1;
	}
	json_object_set_new(out, "options", o);
	return 0;
}

static bool has_option(json_t *stored_opts, const char *v)
{
	return json_object_get(stored_opts, v) != NULL;
}

/* Validates a default value text for a type; writes the canonical form to out. */
static bool norm_default_text(enum field_type t, const char *v, char *out, size_t outsz)
{
	if (*v == '\0') {
		out[0] = '\0';
		return true;
	}
	switch (t) {
	case FT_NUMBER:
		return decimal_normalise(v, out, outsz, 60);
	case FT_DATE:
		return time_parse_date(v, out);
	case FT_TIME:
		return time_parse_time(v, out);
	case FT_DATETIME: {
		time_t tt;
		if (!time_parse_datetime(v, &tt))
			return false;
		time_fmt_utc(tt, out);
		return true;
	}
	default:
		str_copy(out, v, outsz);
		return strlen(v) < outsz;
	}
}

static int build_one(json_t *in, const char *code, bool inner, json_t **out, struct err *e);

/* Normalises the inner fields of a SUBTABLE. */
static int norm_subfields(json_t *in, const char *code, json_t *out, struct err *e)
{
	json_t *fields = json_object_get(in, "fields");
	if (fields == NULL || !json_is_object(fields) || json_object_size(fields) == 0)
		return perr(e, code, "fields", FM_REQUIRED_PARAM, NULL);
	json_t *o = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v) {
		json_t *one;
		if (build_one(v, k, true, &one, e) != 0) {
			json_decref(o);
			return -1;
		}
		json_object_set_new(o, k, one);
	}
	json_object_set_new(out, "fields", o);
	return 0;
}

/*
 * Builds the stored property of one field from what a client sent (a complete
 * definition). `inner` is true inside a SUBTABLE.
 */
static int build_one(json_t *in, const char *key, bool inner, json_t **out, struct err *e)
{
	char tmp[128], tmp2[128];
	const char *type_s = NULL, *code = NULL, *label = NULL;
	*out = NULL;
	if (!json_is_object(in))
		return perr(e, key, NULL, FM_TYPE, "object");
	if (get_str(in, key, "type", &type_s, tmp, sizeof tmp, e) != 0)
		return -1;
	if (type_s == NULL)
		return perr(e, key, "type", FM_REQUIRED_PARAM, NULL);
	enum field_type t = field_type_from_name(type_s);
	const struct kind *k = kind_of(t);
	if (k == NULL || t == FT_ID || t == FT_REVISION) {
		if (in_list(type_s, later, sizeof later / sizeof later[0]))
			return perr(e, key, "type", FM_UNSUPPORTED, type_s);
		return perr(e, key, "type", FM_ENUM, NULL);
	}
	if (json_object_get(in, "lookup") != NULL && !json_is_null(json_object_get(in, "lookup")))
		return perr(e, key, "lookup", FM_UNSUPPORTED, "lookup");
	if (field_type_is_system(t) && inner)
		return perr(e, key, "type", FM_ENUM, NULL);
	if (inner && t == FT_SUBTABLE)
		return perr(e, key, "type", FM_UNSUPPORTED, "SUBTABLE inside SUBTABLE");
	if (get_str(in, key, "code", &code, tmp2, sizeof tmp2, e) != 0)
		return -1;
	if (code == NULL)
		code = key;
	if (strcmp(code, key) != 0)
		return perr(e, key, "code", FM_INVALID, NULL);
	if (!valid_code(code))
		return perr(e, key, "code", FM_INVALID, NULL);
	if (get_str(in, key, "label", &label, tmp, 0, e) != 0)
		return -1;
	if (label == NULL)
		label = code;
	if (strlen(label) > 4096)
		return perr(e, key, "label", FM_TOO_LONG, "4096");

	/* Refuse properties that do not belong to this type. */
	const char *pk;
	json_t *pv;
	json_object_foreach(in, pk, pv) {
		if (strcmp(pk, "type") == 0 || strcmp(pk, "code") == 0 || strcmp(pk, "label") == 0 ||
		    strcmp(pk, "noLabel") == 0 || strcmp(pk, "lookup") == 0 || pk[0] == '_')
			continue;
		bool known = false, allowed = false;
		for (size_t i = 0; i < sizeof prop_names / sizeof prop_names[0]; i++)
			if (strcmp(prop_names[i].name, pk) == 0) {
				known = true;
				allowed = (prop_names[i].flag & k->props) != 0;
			}
		if (!known)
			continue;	/* display-only settings kintone adds are ignored */
		if (!allowed && !json_is_null(pv))
			return perr(e, key, pk, FM_UNSUPPORTED, pk);
	}

	json_t *o = json_pack("{s:s,s:s,s:s}", "type", type_s, "code", code, "label", label);
	bool b;
	if (get_bool(in, key, "noLabel", false, &b, e) != 0)
		goto fail;
	json_object_set_new(o, "noLabel", json_boolean(b));
	if (k->props & P_REQUIRED) {
		if (get_bool(in, key, "required", false, &b, e) != 0)
			goto fail;
		json_object_set_new(o, "required", json_boolean(b));
	}
	if (k->props & P_UNIQUE) {
		if (get_bool(in, key, "unique", false, &b, e) != 0)
			goto fail;
		if (b && inner) {
			perr(e, key, "unique", FM_UNSUPPORTED, "unique in SUBTABLE");
			goto fail;
		}
		json_object_set_new(o, "unique", json_boolean(b));
	}
	if (k->props & P_EXPRESSION) {
		const char *x;
		if (get_str(in, key, "expression", &x, tmp, 0, e) != 0)
			goto fail;
		if (x != NULL && *x != '\0') {
			perr(e, key, "expression", FM_UNSUPPORTED, "expression");
			goto fail;
		}
		json_object_set_new(o, "expression", json_string(""));
		json_object_set_new(o, "hideExpression", json_false());
	}
	if (k->props & P_OPTIONS) {
		if (norm_options(in, key, o, e) != 0)
			goto fail;
	}
	if (k->props & P_ALIGN) {
		const char *al;
		if (get_str(in, key, "align", &al, tmp, 0, e) != 0)
			goto fail;
		if (al == NULL || *al == '\0')
			al = "HORIZONTAL";
		if (strcmp(al, "HORIZONTAL") != 0 && strcmp(al, "VERTICAL") != 0) {
			perr(e, key, "align", FM_ENUM, NULL);
			goto fail;
		}
		json_object_set_new(o, "align", json_string(al));
	}
	if (k->props & P_LENGTH) {
		static const char *const names[] = {"minLength", "maxLength"};
		int64_t v[2] = {-1, -1};
		for (int i = 0; i < 2; i++) {
			const char *s;
			if (get_str(in, key, names[i], &s, tmp, sizeof tmp, e) != 0)
				goto fail;
			if (s != NULL && *s != '\0' && (!str_to_i64(s, &v[i]) || v[i] < 0 || v[i] > 65535)) {
				perr(e, key, names[i], FM_INTEGER, NULL);
				goto fail;
			}
			json_object_set_new(o, names[i], json_string(s && *s ? s : ""));
		}
		if (v[0] >= 0 && v[1] >= 0 && v[0] > v[1]) {
			perr(e, key, "minLength", FM_INVALID, NULL);
			goto fail;
		}
	}
	if (k->props & P_VALUE) {
		static const char *const names[] = {"minValue", "maxValue"};
		char canon[2][80] = {"", ""};
		for (int i = 0; i < 2; i++) {
			const char *s;
			if (get_str(in, key, names[i], &s, tmp, sizeof tmp, e) != 0)
				goto fail;
			if (s != NULL && *s != '\0' && !decimal_normalise(s, canon[i], sizeof canon[i], 60)) {
				perr(e, key, names[i], FM_NUMBER, NULL);
				goto fail;
			}
			json_object_set_new(o, names[i], json_string(canon[i]));
		}
		if (canon[0][0] && canon[1][0] && decimal_cmp(canon[0], canon[1]) > 0) {
			perr(e, key, "minValue", FM_INVALID, NULL);
			goto fail;
		}
	}
	if (k->props & P_NUMBER_FMT) {
		const char *ds, *unit, *pos;
		int64_t n;
		if (get_bool(in, key, "digit", false, &b, e) != 0)
			goto fail;
		json_object_set_new(o, "digit", json_boolean(b));
		if (get_str(in, key, "displayScale", &ds, tmp, sizeof tmp, e) != 0)
			goto fail;
		if (ds != NULL && *ds != '\0' && (!str_to_i64(ds, &n) || n < 0 || n > 10)) {
			perr(e, key, "displayScale", FM_INTEGER, NULL);
			goto fail;
		}
		json_object_set_new(o, "displayScale", json_string(ds ? ds : ""));
		if (get_str(in, key, "unit", &unit, tmp, 0, e) != 0)
			goto fail;
		json_object_set_new(o, "unit", json_string(unit ? unit : ""));
		if (get_str(in, key, "unitPosition", &pos, tmp2, 0, e) != 0)
			goto fail;
		if (pos == NULL || *pos == '\0')
			pos = "BEFORE";
		if (strcmp(pos, "BEFORE") != 0 && strcmp(pos, "AFTER") != 0) {
			perr(e, key, "unitPosition", FM_ENUM, NULL);
			goto fail;
		}
		json_object_set_new(o, "unitPosition", json_string(pos));
	}
	if (k->props & P_PROTOCOL) {
		const char *pr;
		if (get_str(in, key, "protocol", &pr, tmp, 0, e) != 0)
			goto fail;
		if (pr == NULL || *pr == '\0')
			pr = "WEB";
		if (strcmp(pr, "WEB") != 0 && strcmp(pr, "CALL") != 0 && strcmp(pr, "MAIL") != 0) {
			perr(e, key, "protocol", FM_ENUM, NULL);
			goto fail;
		}
		json_object_set_new(o, "protocol", json_string(pr));
	}
	if (k->props & P_THUMB) {
		const char *th;
		static const char *const sizes[] = {"50", "150", "250", "500"};
		if (get_str(in, key, "thumbnailSize", &th, tmp, sizeof tmp, e) != 0)
			goto fail;
		if (th == NULL || *th == '\0')
			th = "150";
		if (!in_list(th, sizes, 4)) {
			perr(e, key, "thumbnailSize", FM_ENUM, NULL);
			goto fail;
		}
		json_object_set_new(o, "thumbnailSize", json_string(th));
	}
	if (k->props & P_DEFAULT_NOW) {
		if (get_bool(in, key, "defaultNowValue", false, &b, e) != 0)
			goto fail;
		json_object_set_new(o, "defaultNowValue", json_boolean(b));
	}
	if (k->props & P_DEFAULT_TEXT) {
		const char *dv;
		char canon[4096];
		if (get_str(in, key, "defaultValue", &dv, tmp, sizeof tmp, e) != 0)
			goto fail;
		if (dv == NULL)
			dv = "";
		if (!norm_default_text(t, dv, canon, sizeof canon)) {
			perr(e, key, "defaultValue", FM_INVALID, NULL);
			goto fail;
		}
		if (*canon != '\0' && (k->props & P_OPTIONS) &&
		    !has_option(json_object_get(o, "options"), canon)) {
			perr(e, key, "defaultValue", FM_NOT_OPTION, canon);
			goto fail;
		}
		json_object_set_new(o, "defaultValue", json_string(canon));
	}
	if (k->props & P_DEFAULT_LIST) {
		json_t *dv = json_object_get(in, "defaultValue"), *arr = json_array();
		size_t i;
		json_t *x;
		json_object_set_new(o, "defaultValue", arr);
		if (dv != NULL && !json_is_null(dv) && !json_is_array(dv)) {
			perr(e, key, "defaultValue", FM_TYPE, "array");
			goto fail;
		}
		json_array_foreach(dv, i, x) {
			if (!json_is_string(x) || !has_option(json_object_get(o, "options"),
							      json_string_value(x))) {
				perr(e, key, "defaultValue", FM_NOT_OPTION,
				     json_is_string(x) ? json_string_value(x) : "");
				goto fail;
			}
			json_array_append(arr, x);
		}
	}
	if (k->props & P_DEFAULT_USERS) {
		static const char *const names[] = {"defaultValue", "entities"};
		for (int n = 0; n < 2; n++) {
			json_t *dv = json_object_get(in, names[n]), *arr = json_array();
			size_t i;
			json_t *x;
			json_object_set_new(o, names[n], arr);
			if (dv != NULL && !json_is_null(dv) && !json_is_array(dv)) {
				perr(e, key, names[n], FM_TYPE, "array");
				goto fail;
			}
			json_array_foreach(dv, i, x) {
				json_t *c = json_object_get(x, "code"), *ty = json_object_get(x, "type");
				const char *tys = json_is_string(ty) ? json_string_value(ty) : "USER";
				if (!json_is_string(c) ||
				    (strcmp(tys, "USER") != 0 && strcmp(tys, "FUNCTION") != 0) ||
				    (strcmp(tys, "FUNCTION") == 0 &&
				     strcmp(json_string_value(c), "LOGINUSER()") != 0)) {
					perr(e, key, names[n], FM_UNSUPPORTED,
					     "ORGANIZATION / GROUP");
					goto fail;
				}
				json_array_append_new(arr, json_pack("{s:O,s:s}", "code", c, "type", tys));
			}
		}
	}
	if (k->props & P_FIELDS) {
		if (norm_subfields(in, key, o, e) != 0)
			goto fail;
	}
	*out = o;
	return 0;
fail:
	json_decref(o);
	return -1;
}

/* Looks a code up among top-level and inner fields; returns its property or NULL. */
static json_t *find_any(json_t *stored, const char *code, json_t **parent)
{
	const char *k;
	json_t *v;
	if (parent)
		*parent = NULL;
	json_object_foreach(stored, k, v) {
		if (strcmp(k, code) == 0)
			return v;
		json_t *inner = json_object_get(v, "fields");
		if (inner != NULL && json_object_get(inner, code) != NULL) {
			if (parent)
				*parent = v;
			return json_object_get(inner, code);
		}
	}
	return NULL;
}

static void give_column(json_t *p, struct col_alloc *cols)
{
	char name[64];
	const char *type = json_string_value(json_object_get(p, "type"));
	if (type && strcmp(type, "SUBTABLE") == 0) {
		snprintf(name, sizeof name, "app_%lld_t%lld", (long long)cols->app_id,
			 (long long)cols->next++);
		json_object_set_new(p, "_table", json_string(name));
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(p, "fields"), k, v) {
			if (json_object_get(v, "_col") == NULL)
				give_column(v, cols);
		}
		return;
	}
	snprintf(name, sizeof name, "f%lld", (long long)cols->next++);
	json_object_set_new(p, "_col", json_string(name));
}

/* Number of fields including subtable inner fields. */
static size_t count_fields(json_t *stored)
{
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(stored, k, v) {
		n++;
		n += json_object_size(json_object_get(v, "fields"));
	}
	return n;
}

enum { MAX_FIELDS = 500 };

int props_add(json_t *stored, json_t *incoming, struct col_alloc *cols, struct err *e)
{
	if (!json_is_object(incoming) || json_object_size(incoming) == 0)
		return err_field(e, "properties", FM_REQUIRED_PARAM, NULL);
	const char *k;
	json_t *v;
	/* Validate everything first, so a refused request changes nothing. */
	json_t *built = json_object();
	json_object_foreach(incoming, k, v) {
		json_t *one;
		if (build_one(v, k, false, &one, e) != 0) {
			json_decref(built);
			return -1;
		}
		json_object_set_new(built, k, one);
	}
	/* The key strings belong to `built`: report before releasing it. */
	int rc = 0;
	json_object_foreach(built, k, v) {
		if (field_type_is_system(field_type_from_name(json_string_value(json_object_get(v, "type"))))) {
			rc = perr(e, k, "type", FM_ENUM, NULL);
			break;
		}
		if (find_any(stored, k, NULL) != NULL) {
			rc = perr(e, k, "code", FM_DUPLICATE, k);
			break;
		}
		const char *ik;
		json_t *iv;
		json_object_foreach(json_object_get(v, "fields"), ik, iv) {
			if (find_any(stored, ik, NULL) != NULL || json_object_get(built, ik) != NULL) {
				rc = perr(e, ik, "code", FM_DUPLICATE, ik);
				break;
			}
		}
		if (rc != 0)
			break;
	}
	if (rc != 0) {
		json_decref(built);
		return -1;
	}
	if (count_fields(stored) + count_fields(built) > MAX_FIELDS) {
		json_decref(built);
		return err_field(e, "properties", FM_TOO_MANY, "500");
	}
	json_object_foreach(built, k, v) {
		give_column(v, cols);
		json_object_set(stored, k, v);
	}
	json_decref(built);
	return 0;
}

/* Merges a partial property `in` over the stored `old`, validates the result. */
static int merge_one(json_t *old, json_t *in, const char *key, bool inner, struct col_alloc *cols,
		     json_t *stored, json_t **out, struct err *e)
{
	if (!json_is_object(in))
		return perr(e, key, NULL, FM_TYPE, "object");
	json_t *m = json_deep_copy(old);
	const char *pk;
	json_t *pv;
	json_object_foreach(in, pk, pv) {
		if (pk[0] == '_' || strcmp(pk, "fields") == 0)
			continue;
		json_object_set(m, pk, pv);
	}
	const char *old_type = json_string_value(json_object_get(old, "type"));
	const char *new_type = json_string_value(json_object_get(m, "type"));
	if (new_type == NULL || strcmp(old_type, new_type) != 0) {
		json_decref(m);
		return perr(e, key, "type", FM_INVALID, NULL);
	}
	const char *new_code = json_string_value(json_object_get(m, "code"));
	if (new_code == NULL) {
		json_decref(m);
		return perr(e, key, "code", FM_TYPE, "string");
	}
	/* SUBTABLE: merge inner fields (existing ones updated, new ones added). */
	json_t *inner_in = json_object_get(in, "fields");
	if (json_object_get(old, "fields") != NULL && inner_in != NULL) {
		if (!json_is_object(inner_in)) {
			json_decref(m);
			return perr(e, key, "fields", FM_TYPE, "object");
		}
		json_t *merged = json_object();
		const char *ik;
		json_t *iv;
		json_object_foreach(json_object_get(old, "fields"), ik, iv)
			json_object_set(merged, ik, iv);
		json_object_foreach(inner_in, ik, iv) {
			json_t *prev = json_object_get(merged, ik), *one;
			int rc;
			if (prev != NULL) {
				rc = merge_one(prev, iv, ik, true, cols, stored, &one, e);
			} else {
				if (find_any(stored, ik, NULL) != NULL) {
					json_decref(merged);
					json_decref(m);
					return perr(e, ik, "code", FM_DUPLICATE, ik);
				}
				rc = build_one(iv, ik, true, &one, e);
				if (rc == 0)
					give_column(one, cols);
			}
			if (rc != 0) {
				json_decref(merged);
				json_decref(m);
				return -1;
			}
			const char *nc = json_string_value(json_object_get(one, "code"));
			if (strcmp(nc, ik) != 0)
				json_object_del(merged, ik);
			json_object_set_new(merged, nc, one);
		}
		json_object_set_new(m, "fields", merged);
	}
	/* Re-validate the whole merged definition under its (possibly new) code. */
	json_t *check = json_deep_copy(m), *built;
	json_object_set_new(check, "code", json_string(new_code));
	int rc = build_one(check, new_code, inner, &built, e);
	json_decref(check);
	if (rc != 0) {
		json_decref(m);
		return -1;
	}
	/* Keep the storage names. */
	json_t *col = json_object_get(old, "_col"), *tbl = json_object_get(old, "_table");
	if (col)
		json_object_set(built, "_col", col);
	if (tbl)
		json_object_set(built, "_table", tbl);
	if (json_object_get(m, "fields") && json_object_get(built, "fields")) {
		/* build_one dropped internal keys of inner fields; restore them. */
		const char *ik;
		json_t *iv;
		json_object_foreach(json_object_get(built, "fields"), ik, iv) {
			json_t *src = json_object_get(json_object_get(m, "fields"), ik);
			json_t *c = src ? json_object_get(src, "_col") : NULL;
			if (c)
				json_object_set(iv, "_col", c);
		}
	}
	json_decref(m);
	*out = built;
	return 0;
}

int props_update(json_t *stored, json_t *incoming, struct col_alloc *cols, struct err *e)
{
	if (!json_is_object(incoming) || json_object_size(incoming) == 0)
		return err_field(e, "properties", FM_REQUIRED_PARAM, NULL);
	json_t *work = json_deep_copy(stored);
	const char *k;
	json_t *v;
	json_object_foreach(incoming, k, v) {
		json_t *parent, *old = find_any(work, k, &parent), *one;
		if (old == NULL) {
			json_decref(work);
			return perr(e, k, NULL, FM_INVALID, NULL);
		}
		if (parent != NULL) {
			json_decref(work);
			return perr(e, k, NULL, FM_UNSUPPORTED, "inner fields through their SUBTABLE");
		}
		if (merge_one(old, v, k, false, cols, work, &one, e) != 0) {
			json_decref(work);
			return -1;
		}
		const char *nc = json_string_value(json_object_get(one, "code"));
		if (strcmp(nc, k) != 0) {
			json_t *other = find_any(work, nc, NULL);
			if (other != NULL) {
				json_decref(one);
				json_decref(work);
				return perr(e, k, "code", FM_DUPLICATE, nc);
			}
			/* Rename: rebuild the object to keep the field's position. */
			json_t *re = json_object();
			const char *rk;
			json_t *rv;
			json_object_foreach(work, rk, rv)
				json_object_set(re, strcmp(rk, k) == 0 ? nc : rk,
						strcmp(rk, k) == 0 ? one : rv);
			json_decref(work);
			work = re;
			json_decref(one);
		} else {
			json_object_set_new(work, k, one);
		}
	}
	if (count_fields(work) > MAX_FIELDS) {
		json_decref(work);
		return err_field(e, "properties", FM_TOO_MANY, "500");
	}
	json_object_clear(stored);
	json_object_update(stored, work);
	json_decref(work);
	return 0;
}

int props_delete(json_t *stored, json_t *codes, struct err *e)
{
	size_t i;
	json_t *c;
	if (!json_is_array(codes) || json_array_size(codes) == 0)
		return err_field(e, "fields", FM_REQUIRED_PARAM, NULL);
	if (json_array_size(codes) > 100)
		return err_field(e, "fields", FM_TOO_MANY, "100");
	json_array_foreach(codes, i, c) {
		char key[32];
		snprintf(key, sizeof key, "fields[%zu]", i);
		json_t *parent, *p = json_is_string(c) ? find_any(stored, json_string_value(c), &parent)
						       : NULL;
		if (p == NULL)
			return err_field(e, key, FM_INVALID, NULL);
		if (field_type_is_system(field_type_from_name(json_string_value(json_object_get(p, "type")))))
			return err_field(e, key, FM_UNSUPPORTED, json_string_value(c));
	}
	json_array_foreach(codes, i, c) {
		json_t *parent;
		const char *code = json_string_value(c);
		if (find_any(stored, code, &parent) == NULL)
			continue;	/* listed twice */
		if (parent != NULL)
			json_object_del(json_object_get(parent, "fields"), code);
		else
			json_object_del(stored, code);
	}
	/* A SUBTABLE left without inner fields cannot hold rows. */
	const char *k;
	json_t *v;
	json_object_foreach(stored, k, v) {
		json_t *inner = json_object_get(v, "fields");
		if (inner != NULL && json_object_size(inner) == 0)
			return err_field(e, "fields", FM_INVALID, k);
	}
	return 0;
}

static json_t *strip(json_t *v)
{
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) {
			if (k[0] != '_')
				json_object_set_new(o, k, strip(x));
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append_new(a, strip(x));
		return a;
	}
	return json_incref(v);
}

json_t *props_public(json_t *stored)
{
	return strip(stored);
}

json_t *props_initial(enum lang lang)
{
	static const char *const codes[2][5] = {
		{"レコード番号", "作成者", "作成日時", "更新者", "更新日時"},
		{"Record_number", "Created_by", "Created_datetime", "Updated_by", "Updated_datetime"},
	};
	static const char *const types[5] = {"RECORD_NUMBER", "CREATOR", "CREATED_TIME", "MODIFIER",
					     "UPDATED_TIME"};
	static const char *const cols[5] = {"id", "creator", "created_at", "modifier", "updated_at"};
	json_t *o = json_object();
	for (int i = 0; i < 5; i++) {
		const char *c = codes[lang == LANG_EN][i];
		json_object_set_new(o, c, json_pack("{s:s,s:s,s:s,s:b,s:s}", "type", types[i],
						    "code", c, "label", c, "noLabel", 0, "_col",
						    cols[i]));
	}
	return o;
}
