/* appctx: cached schema and permissions of deployed apps (see appctx.h). */
#include "http/appctx.h"
#include "http/req.h"
#include "core/xalloc.h"
#include "fields/property.h"
#include "rules/hooks.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/sealing.h"
#include "rules/policy.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CACHE_MAX = 512 };

static struct app_ctx *cache[CACHE_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void ctx_free(struct app_ctx *c)
{
	if (c == NULL)
		return;
	schema_free(c->schema);
	for (size_t i = 0; i < c->n_acl; i++)
		free((char *)c->acl[i].code);
	free(c->acl);
	free((char *)c->creator_code);
	for (size_t i = 0; i < c->n_personal_fields; i++)
		free(c->personal_fields[i]);
	free(c->personal_fields);
	free(c);
}

/* Drops one reference; call with the lock held. */
static void unref(struct app_ctx *c)
{
	if (c != NULL && --c->refs == 0)
		ctx_free(c);
}

static void *heap_alloc(void *ctx, size_t n)
{
	(void)ctx;
	return xcalloc(n);
}

bool acl_parse(const char *text, struct acl_entry **out, size_t *n,
	       void *(*alloc)(void *, size_t), void *actx)
{
	json_error_t je;
	json_t *rights = json_loads(text, 0, &je);
	*out = NULL;
	*n = 0;
	if (!json_is_array(rights)) {
		json_decref(rights);
		return false;
	}
	static const struct {
		const char *key;
		unsigned bit;
	} bits[] = {
		{"recordViewable", RIGHT_VIEW}, {"recordAddable", RIGHT_ADD},
		{"recordEditable", RIGHT_EDIT}, {"recordDeletable", RIGHT_DELETE},
		{"appEditable", RIGHT_MANAGE}, {"recordExportable", RIGHT_EXPORT},
	};
	*out = alloc(actx, (json_array_size(rights) + 1) * sizeof **out);
	size_t i;
	json_t *r;
	bool ok = true;
	json_array_foreach(rights, i, r) {
		json_t *ent = json_object_get(r, "entity");
		const char *type = json_string_value(json_object_get(ent, "type"));
		const char *code = json_string_value(json_object_get(ent, "code"));
		struct acl_entry *a = &(*out)[*n];
		if (type == NULL) {
			ok = false;
			break;
		}
		if (strcmp(type, "USER") == 0 && code != NULL) {
			a->type = ACL_USER;
			char *c = alloc(actx, strlen(code) + 1);
			memcpy(c, code, strlen(code));
			a->code = c;
		} else if (strcmp(type, "GROUP") == 0 && code && strcmp(code, "everyone") == 0) {
			a->type = ACL_EVERYONE;
		} else if (strcmp(type, "CREATOR") == 0) {
			a->type = ACL_CREATOR;
		} else {
			ok = false;
			break;
		}
		for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++)
			if (json_is_true(json_object_get(r, bits[b].key)))
				a->rights |= bits[b].bit;
		(*n)++;
	}
	json_decref(rights);
	return ok;
}

/* Copies the governance columns into c (personal_fields parsed from JSON). */
static void load_gov(struct app_ctx *c, const struct app_gov *g)
{
	c->gov_revision = g->gov_revision;
	c->info_class = g->info_class;
	c->app_flags = g->flags;
	c->mynumber_approved = g->mynumber_approved;
	c->state = (enum app_state)g->state;
	snprintf(c->end_date, sizeof c->end_date, "%s", g->end_date ? g->end_date : "");
	c->owner_id = g->owner_id;
	c->maintainer_id = g->maintainer_id;
	json_error_t je;
	json_t *pf = json_loads(g->personal_fields ? g->personal_fields : "[]", 0, &je);
	if (json_is_array(pf) && json_array_size(pf) > 0) {
		c->personal_fields = xcalloc(json_array_size(pf) * sizeof *c->personal_fields);
		size_t i;
		json_t *v;
		json_array_foreach(pf, i, v)
			if (json_is_string(v))
				c->personal_fields[c->n_personal_fields++] = xstrdup(json_string_value(v));
	}
	json_decref(pf);
}

static int load(struct req *r, int64_t app_id, int64_t rev, struct app_ctx **out)
{
	struct app_form f;
	struct app_row row;
	struct store *st = store_thread();
	if (st == NULL)
		return err_set(&r->err, E_STORAGE, NULL);
	struct app_gov g;
	if (store_app_get(st, r->arena, app_id, &row, &r->err) != 0 ||
	    store_app_gov_get(st, r->arena, app_id, &g, &r->err) != 0 ||
	    store_app_form(st, r->arena, app_id, "live", &f, &r->err) != 0)
		return -1;
	json_error_t je;
	json_t *props = json_loads(f.properties, 0, &je);
	json_t *layout = json_loads(f.layout, 0, &je);
	struct app_ctx *c = xcalloc(sizeof *c);
	c->id = app_id;
	c->revision = rev;
	c->refs = 1;
	c->creator_code = xstrdup(row.creator_code ? row.creator_code : "");
	load_gov(c, &g);
	c->schema = props ? schema_build(props, layout, app_id, rev, row.code, &r->err) : NULL;
	/* Class I: values are sealed (store/sealing.h); gov_revision moves when this does. */
	bool sealed = false;
	if (c->schema != NULL && store_app_sealed(st, app_id, &sealed, &r->err) == 0)
		c->schema->sealed = sealed;
	json_decref(props);
	json_decref(layout);
	if (c->schema == NULL || !acl_parse(f.acl, &c->acl, &c->n_acl, heap_alloc, NULL)) {
		ctx_free(c);
		return err_set(&r->err, E_INTERNAL, NULL);
	}
	*out = c;
	return 0;
}

static void hold(struct req *r, struct app_ctx *c)
{
	r->held = arena_room(r->arena, r->held, r->n_held, &r->cap_held, sizeof *r->held);
	r->held[r->n_held++] = c;
}

int appctx_get(struct req *r, int64_t app_id, const struct app_ctx **out)
{
	int64_t rev, gov;
	struct store *st = store_thread();
	if (st == NULL)
		return err_set(&r->err, E_STORAGE, NULL);
	if (store_app_revisions(st, app_id, &rev, &gov, &r->err) != 0)
		return -1;
	if (rev == 0)
		return err_set(&r->err, E_APP_NOT_DEPLOYED, "%lld", (long long)app_id);
	size_t slot = (size_t)app_id % CACHE_MAX;
	pthread_mutex_lock(&lock);
	struct app_ctx *c = cache[slot];
	if (c != NULL && c->id == app_id && c->revision == rev && c->gov_revision == gov) {
		c->refs++;
		pthread_mutex_unlock(&lock);
		hold(r, c);
		*out = c;
		return 0;
	}
	pthread_mutex_unlock(&lock);
	struct app_ctx *fresh;
	if (load(r, app_id, rev, &fresh) != 0)
		return -1;
	pthread_mutex_lock(&lock);
	unref(cache[slot]);
	cache[slot] = fresh;
	fresh->refs++;		/* the cache's reference and the request's */
	pthread_mutex_unlock(&lock);
	hold(r, fresh);
	*out = fresh;
	return 0;
}

void appctx_release_all(struct req *r)
{
	if (r->n_held == 0)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < r->n_held; i++)
		unref(r->held[i]);
	pthread_mutex_unlock(&lock);
	r->n_held = 0;
}

void appctx_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_MAX; i++) {
		unref(cache[i]);
		cache[i] = NULL;
	}
	pthread_mutex_unlock(&lock);
}

/* The rights a token's owner holds on the app now, as if they signed in. */
static unsigned owner_rights(const struct app_ctx *c, const struct token_grant *g)
{
	struct identity owner = {0};
	owner.kind = AK_SESSION;
	owner.user_id = g->owner_id;
	owner.user_code = g->owner_code;
	owner.roles = g->owner_roles;
	owner.admin = (g->owner_roles & ROLE_SYSTEM_ADMIN) != 0;
	return appctx_rights(c, &owner);
}

unsigned appctx_rights(const struct app_ctx *c, const struct identity *who)
{
	if (who->kind == AK_TOKEN) {
		/* Under "extensions.review" a token never does more than its owner could
		 * do now (Abiko §10): the owner's current rights bound each grant. */
		bool capped = policy_bool("extensions.review");
		unsigned rights = 0;
		for (int i = 0; i < who->n_tokens; i++) {
			const struct token_grant *g = &who->tokens[i];
			if (g->app_id != c->id)
				continue;
			rights |= capped ? hooks_token_rights(g->rights, owner_rights(c, g)) : g->rights;
		}
		return rights;
	}
	if (who->kind == AK_NONE)
		return 0;
	unsigned rights = 0;
	for (size_t i = 0; i < c->n_acl; i++) {
		const struct acl_entry *a = &c->acl[i];
		bool match = a->type == ACL_EVERYONE ||
			     (a->type == ACL_USER && strcmp(a->code, who->user_code) == 0) ||
			     (a->type == ACL_CREATOR && strcmp(c->creator_code, who->user_code) == 0);
		if (match) {
			rights = a->rights;
			break;
		}
	}
	if (who->admin)
		rights |= RIGHT_MANAGE;
	return rights;
}

int appctx_usable(const struct app_ctx *c, const char *today, bool english, struct err *e)
{
	if (c->state == APP_CLOSED)
		return err_set(e, E_APP_STATE, "%s", app_state_label(c->state, english));
	if (!policy_bool("apps.lifecycle"))
		return 0;
	if (!app_state_in_use(c->state))
		return err_set(e, E_APP_STATE, "%s", app_state_label(c->state, english));
	if (c->end_date[0] != '\0' && strcmp(today, c->end_date) > 0)
		return err_set(e, E_APP_ENDED, "%s", c->end_date);
	return 0;
}

bool appctx_mynumber_exempt(const struct app_ctx *c)
{
	return (c->app_flags & APP_FLAG_MYNUMBER) && c->mynumber_approved;
}

bool appctx_field_personal(const struct app_ctx *c, const char *code)
{
	for (size_t i = 0; i < c->n_personal_fields; i++)
		if (strcmp(c->personal_fields[i], code) == 0)
			return true;
	return false;
}
