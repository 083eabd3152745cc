/* token: `daicho token ...`, API tokens from the command line (shown once on creation). */
#include "cli/cli.h"
#include "cli/common.h"
#include "auth/accounts.h"
#include "auth/identity.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/strutil.h"
#include "store/apps.h"
#include "store/inbox.h"
#include "store/tokens.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void help(FILE *f)
{
	fprintf(f, "usage: daicho token <action> [options]   (plus --config FILE, --data DIR)\n\n"
		   "  create --app ID --rights LIST [--owner LOGIN] [--description TEXT]\n"
		   "        LIST is comma-separated: view,add,edit,delete,manage\n"
		   "        the token is printed once; actions with it are made as its owner\n"
		   "        (default owner: admin); under the policy extensions.review it\n"
		   "        stays pending until another administrator approves it\n"
		   "  list [--app ID]   list tokens (without their secret)\n"
		   "  revoke ID         revoke a token at once\n");
}

/* One approve or refuse action of a review item, in the inbox's detail format. */
static void review_action(struct jsonw *w, int64_t id, bool approve)
{
	jsonw_obj(w);
	jsonw_key(w, "label");
	jsonw_obj(w);
	jsonw_kstr(w, "ja", approve ? "承認する" : "却下する");
	jsonw_kstr(w, "en", approve ? "Approve" : "Refuse");
	jsonw_obj_end(w);
	jsonw_kstr(w, "method", "POST");
	jsonw_kstr(w, "path", "/api/admin/token/review.json");
	jsonw_key(w, "body");
	jsonw_obj(w);
	jsonw_key(w, "id");
	jsonw_int(w, id);
	jsonw_key(w, "approve");
	jsonw_bool(w, approve);
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}

/* A pending token goes to the reviewers' inboxes: system and security administrators but
 * its author (here its owner), as the API does (http/handlers/extensions.c). */
static int notify_reviewers(struct store *st, struct arena *a, const struct api_token *t,
			    const char *owner, const char *rights, int64_t now, struct err *e)
{
	int64_t *ids;
	size_t n;
	if (store_users_with_roles(st, a, ROLE_SYSTEM_ADMIN | ROLE_SECURITY_ADMIN, &ids, &n, e) != 0)
		return -1;
	struct buf b;
	struct jsonw w;
	buf_init(&b, 0);
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_key(&w, "actions");
	jsonw_arr(&w);
	review_action(&w, t->id, true);
	review_action(&w, t->id, false);
	jsonw_arr_end(&w);
	jsonw_key(&w, "facts");
	jsonw_obj(&w);
	jsonw_kint_str(&w, "token", t->id);
	jsonw_kint_str(&w, "app", t->app_id);
	jsonw_kstr(&w, "owner", owner);
	jsonw_kstr(&w, "author", "daicho token create");
	jsonw_kstr(&w, "rights", rights);
	jsonw_kstr(&w, "purpose", t->description);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	char subject[300];
	snprintf(subject, sizeof subject, "API トークンの確認 / API token to review: app %lld (%s, %s)",
		 (long long)t->app_id, owner, rights);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (ids[i] != t->created_by)
			rc = store_inbox_add(st, ids[i], "token.review", t->id, subject, buf_str(&b), now, e);
	buf_free(&b);
	return rc;
}

static int parse_rights(const char *list, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {{"view", RIGHT_VIEW}, {"add", RIGHT_ADD}, {"edit", RIGHT_EDIT},
		     {"delete", RIGHT_DELETE}, {"manage", RIGHT_MANAGE}};
	char buf[128];
	char *save = NULL;
	str_copy(buf, list, sizeof buf);
	*out = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool found = false;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].name, t) == 0) {
				*out |= names[i].bit;
				found = true;
			}
		if (!found) {
			fprintf(stderr, "daicho token: unknown right \"%s\" (view, add, edit, delete, manage)\n", t);
			return -1;
		}
	}
	return *out ? 0 : -1;
}

int cmd_token(int argc, char **argv)
{
	struct config c;
	struct store *st;
	struct arena a;
	struct err e;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	int64_t app = 0;
	const char *rights = NULL, *owner = "admin", *desc = "";
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--app") == 0 && i + 1 < argc) {
			if (!str_to_i64(argv[++i], &app) || app < 1) {
				fprintf(stderr, "daicho token: --app needs an app id\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--rights") == 0 && i + 1 < argc) {
			rights = argv[++i];
		} else if (strcmp(argv[i], "--owner") == 0 && i + 1 < argc) {
			owner = argv[++i];
		} else if (strcmp(argv[i], "--description") == 0 && i + 1 < argc) {
			desc = argv[++i];
		} else if (strcmp(argv[1], "revoke") == 0 && i == 2) {
			if (!str_to_i64(argv[i], &app)) {
				fprintf(stderr, "daicho token revoke: give the token id\n");
				return 2;
			}
		} else {
			fprintf(stderr, "daicho token: unknown option \"%s\"\n", argv[i]);
			return 2;
		}
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	arena_init(&a, 0);
	err_init(&e, &a);
	int rc = 0;
	time_t now = time(NULL);
	if (strcmp(argv[1], "create") == 0) {
		unsigned bits;
		struct user u;
		struct app_row row;
		struct api_token t;
		char token[41];
		if (app < 1 || rights == NULL || parse_rights(rights, &bits) != 0) {
			help(stderr);
			return 2;
		}
		if (store_app_get(st, &a, app, &row, &e) != 0 ||
		    store_user_by_code(st, &a, owner, &u, &e) != 0) {
			cli_print_err("token create", &e);
			return 1;
		}
		/* The operator at the server's console is not a person in daicho: the owner
		 * stands as the token's author, so under "extensions.review" another
		 * administrator approves it (Abiko §10). */
		memset(&t, 0, sizeof t);
		t.app_id = app;
		t.owner_id = u.id;
		t.rights = bits;
		t.description = desc;
		t.created_by = u.id;
		if (store_begin(st, &e) != 0 || accounts_token_create(st, now, token, &t, &e) != 0 ||
		    (strcmp(t.state, "pending") == 0 &&
		     notify_reviewers(st, &a, &t, owner, rights, now, &e) != 0) ||
		    store_commit(st, &e) != 0) {
			store_rollback(st);
			cli_print_err("token create", &e);
			return 1;
		}
		printf("%s\n", token);
		fprintf(stderr, "daicho: token %lld for app %lld (%s), owner %s; shown only this once\n",
			(long long)t.id, (long long)app, rights, owner);
		if (strcmp(t.state, "pending") == 0)
			fprintf(stderr, "daicho: the token works once another administrator approves it"
					" (extensions.review, Abiko §10)\n");
	} else if (strcmp(argv[1], "list") == 0) {
		struct api_token *t;
		size_t n;
		if (store_token_list(st, &a, app, &t, &n, &e) != 0) {
			cli_print_err("token list", &e);
			return 1;
		}
		printf("%-6s %-6s %-10s %-16s %-8s %s\n", "ID", "APP", "STARTS", "OWNER", "STATUS", "RIGHTS");
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %-6lld %-10s %-16s %-8s %s%s%s%s%s\n", (long long)t[i].id,
			       (long long)t[i].app_id, t[i].hint, t[i].owner_code,
			       t[i].revoked_at ? "revoked" : t[i].state,
			       t[i].rights & RIGHT_VIEW ? "view " : "", t[i].rights & RIGHT_ADD ? "add " : "",
			       t[i].rights & RIGHT_EDIT ? "edit " : "",
			       t[i].rights & RIGHT_DELETE ? "delete " : "",
			       t[i].rights & RIGHT_MANAGE ? "manage" : "");
	} else if (strcmp(argv[1], "revoke") == 0 && app > 0) {
		if (store_begin(st, &e) != 0 || store_token_revoke(st, app, now, &e) != 0 ||
		    store_commit(st, &e) != 0) {
			store_rollback(st);
			cli_print_err("token revoke", &e);
			return 1;
		}
		printf("daicho: token %lld revoked\n", (long long)app);
	} else {
		help(stderr);
		rc = 2;
	}
	arena_destroy(&a);
	store_thread_close();
	return rc;
}
