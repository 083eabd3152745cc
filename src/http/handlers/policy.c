/*
 * policy: the installation's switchable rules (rules/policy.h) for the admin console.
 * Everyone with an administrative role and the auditor may read them; only the security
 * administrator changes them, and each change is stored with who made it and when.
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "rules/policy.h"
#include "store/policy.h"

#include <stdio.h>
#include <string.h>

static const char *type_name(enum policy_type t)
{
	return t == PT_BOOL ? "boolean" : t == PT_INT ? "integer" : "text";
}

int h_policy_get(struct req *r, struct res *s)
{
	struct policy_row *rows;
	size_t nrows, n;
	const struct policy_key *k = policy_keys(&n);
	if (store_policy_list(store_thread(), r->arena, &rows, &nrows, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "anyRuleOn", policy_any_rule_on());
	jsonw_key(&s->w, "rules");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		char value[POLICY_TEXT_MAX + 1];
		policy_text(k[i].key, value, sizeof value);
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "key", k[i].key);
		jsonw_kstr(&s->w, "type", type_name(k[i].type));
		jsonw_kstr(&s->w, "value", value);
		jsonw_kstr(&s->w, "default", k[i].def);
		jsonw_kstr(&s->w, "abiko", k[i].abiko);
		if (k[i].type == PT_INT) {
			jsonw_kint_str(&s->w, "min", k[i].min);
			jsonw_kint_str(&s->w, "max", k[i].max);
		}
		jsonw_kstr(&s->w, "rule", k[i].rule);
		jsonw_kstr(&s->w, "description", r->lang == LANG_EN ? k[i].en : k[i].ja);
		const char *by = "";
		char at[21] = "";
		for (size_t j = 0; j < nrows; j++)
			if (strcmp(rows[j].key, k[i].key) == 0) {
				by = rows[j].set_by;
				time_fmt_utc((time_t)rows[j].set_at, at);
			}
		jsonw_kstr(&s->w, "setBy", by);
		jsonw_kstr(&s->w, "setAt", at);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The text form of a JSON value for key k, or NULL when its type cannot be one. */
static const char *as_text(struct req *r, const struct policy_key *k, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (k->type == PT_BOOL && json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	if (k->type == PT_INT && json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	return NULL;
}

int h_policy_put(struct req *r, struct res *s)
{
	json_t *settings = json_object_get(r->params, "rules");
	if (!json_is_object(settings) || json_object_size(settings) == 0)
		return err_field(&r->err, "rules", FM_REQUIRED_PARAM, NULL);
	const char *key;
	json_t *v;
	/* Validate everything first: a refused change changes nothing. */
	json_object_foreach(settings, key, v) {
		const struct policy_key *k = policy_key_find(key);
		const char *field = arena_printf(r->arena, "rules.%s", key);
		if (k == NULL)
			return err_field(&r->err, field, FM_UNSUPPORTED, key);
		const char *text = as_text(r, k, v);
		if (text == NULL || policy_validate(k, text) != 0)
			return err_field(&r->err, field, FM_INVALID, NULL);
	}
	json_object_foreach(settings, key, v) {
		const char *text = as_text(r, policy_key_find(key), v);
		if (store_policy_set(store_thread(), key, text, r->who.user_code, r->now, &r->err) != 0)
			return -1;
	}
	json_object_foreach(settings, key, v)
		policy_apply(key, as_text(r, policy_key_find(key), v));
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
