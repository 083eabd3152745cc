/*
 * user: `daicho user ...`, account management from the command line, for the first
 * steps and for recovery (the same rules as the admin API, through auth/accounts.c).
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "auth/accounts.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/timeutil.h"
#include "rules/roles.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f, "usage: daicho user <action> [options]   (plus --config FILE, --data DIR)\n\n"
		   "  add LOGIN --name NAME [--email ADDR] [--admin] [--roles LIST] [--no-create-apps]\n"
		   "        create an account; the password is read from standard input\n"
		   "  list  list accounts\n"
		   "  passwd LOGIN      set a new password (read from standard input); ends sessions\n"
		   "  disable LOGIN --reason TEXT\n"
		   "        suspend the account at once (the reason is required and kept):\n"
		   "        ends its sessions and revokes its API tokens\n"
		   "  enable LOGIN      lift a suspension (revoked tokens stay revoked)\n"
		   "  unlock LOGIN      clear a sign-in lock after failed attempts\n"
		   "  admin LOGIN on|off  grant or remove the three administrator roles\n"
		   "  roles LOGIN LIST  set the roles, comma-separated (empty: none) of\n"
		   "        account_admin, system_admin, security_admin, auditor,\n"
		   "        chief_protection_manager\n");
}

/* Parses a comma-separated role list into *out; -1 (with a message) on an unknown name. */
static int parse_roles(const char *list, unsigned *out)
{
	char buf[256];
	*out = 0;
	snprintf(buf, sizeof buf, "%s", list);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		unsigned bit = role_parse(t);
		if (bit == 0) {
			fprintf(stderr, "daicho user: unknown role \"%s\"\n", t);
			return -1;
		}
		*out |= bit;
	}
	return 0;
}

/* Runs f inside a transaction and reports its error. */
static int in_tx(struct store *st, struct err *e, const char *what, int rc_body)
{
	if (rc_body != 0) {
		store_rollback(st);
		cli_print_err(what, e);
		return 1;
	}
	if (store_commit(st, e) != 0) {
		cli_print_err(what, e);
		return 1;
	}
	return 0;
}

static int read_new_password(char *pw, size_t size)
{
	char again[256];
	if (cli_read_password("New password: ", pw, size) != 0)
		return -1;
	if (isatty(0)) {
		if (cli_read_password("Again: ", again, sizeof again) != 0 || strcmp(pw, again) != 0) {
			fprintf(stderr, "daicho: the passwords differ\n");
			return -1;
		}
	}
	return 0;
}

int cmd_user(int argc, char **argv)
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
	const char *action = argv[1];
	if (cli_open(&c, &st) != 0)
		return 1;
	arena_init(&a, 0);
	err_init(&e, &a);
	int rc = 0;
	time_t now = time(NULL);
	if (strcmp(action, "list") == 0) {
		struct user *u;
		size_t n;
		if (store_user_list(st, &a, 0, 1000000, &u, &n, &e) != 0) {
			cli_print_err("user list", &e);
			{ rc = 1; goto out; }
		}
		printf("%-24s %-24s %-9s %-40s %s\n", "LOGIN", "NAME", "STATUS", "ROLES", "EMAIL");
		for (size_t i = 0; i < n; i++) {
			char roles[160];
			printf("%-24s %-24s %-9s %-40s %s\n", u[i].code, u[i].name,
			       !u[i].active ? "suspended" : u[i].locked_until > now ? "locked" : "active",
			       roles_format(u[i].roles, roles, sizeof roles), u[i].email);
		}
	} else if (strcmp(action, "add") == 0 && argc >= 3) {
		struct user u = {0};
		u.code = argv[2];
		u.email = "";
		u.can_create_apps = true;
		for (int i = 3; i < argc; i++) {
			if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
				u.name = argv[++i];
			else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc)
				u.email = argv[++i];
			else if (strcmp(argv[i], "--admin") == 0)
				u.roles |= ROLE_ANY_ADMIN;
			else if (strcmp(argv[i], "--roles") == 0 && i + 1 < argc) {
				unsigned more;
				if (parse_roles(argv[++i], &more) != 0)
					{ rc = 2; goto out; }
				u.roles |= more;
			}
			else if (strcmp(argv[i], "--no-create-apps") == 0)
				u.can_create_apps = false;
			else {
				fprintf(stderr, "daicho user add: unknown option \"%s\"\n", argv[i]);
				{ rc = 2; goto out; }
			}
		}
		if (u.name == NULL)
			u.name = u.code;
		char pw[256];
		if (read_new_password(pw, sizeof pw) != 0)
			{ rc = 1; goto out; }
		if (store_begin(st, &e) != 0)
			{ rc = 1; goto out; }
		rc = in_tx(st, &e, "user add", accounts_create(st, &u, pw, now, &e));
		if (rc == 0)
			printf("daicho: created user \"%s\"\n", u.code);
	} else if (argc >= 3 && (strcmp(action, "passwd") == 0 || strcmp(action, "disable") == 0 ||
				 strcmp(action, "enable") == 0 || strcmp(action, "unlock") == 0 ||
				 strcmp(action, "admin") == 0 || strcmp(action, "roles") == 0)) {
		struct user u;
		char pw[256];
		if (store_user_by_code(st, &a, argv[2], &u, &e) != 0) {
			cli_print_err(action, &e);
			{ rc = 1; goto out; }
		}
		if (strcmp(action, "passwd") == 0 && read_new_password(pw, sizeof pw) != 0)
			{ rc = 1; goto out; }
		if (strcmp(action, "admin") == 0 &&
		    (argc < 4 || (strcmp(argv[3], "on") != 0 && strcmp(argv[3], "off") != 0))) {
			fprintf(stderr, "daicho user admin: say on or off\n");
			{ rc = 2; goto out; }
		}
		unsigned roles = u.roles;
		if (strcmp(action, "roles") == 0 && (argc < 4 || parse_roles(argv[3], &roles) != 0)) {
			fprintf(stderr, "daicho user roles: give the list of roles (\"\" for none)\n");
			{ rc = 2; goto out; }
		}
		const char *reason = NULL;
		if (strcmp(action, "disable") == 0) {
			for (int i = 3; i + 1 < argc; i++)
				if (strcmp(argv[i], "--reason") == 0)
					reason = argv[i + 1];
			if (reason == NULL || *reason == '\0') {
				fprintf(stderr, "daicho user disable: give --reason TEXT (Kumamoto 第6条4, 第18条:"
						" every suspension is recorded with its reason)\n");
				{ rc = 2; goto out; }
			}
		}
		if (store_begin(st, &e) != 0)
			{ rc = 1; goto out; }
		int body;
		if (strcmp(action, "passwd") == 0) {
			body = accounts_set_password(st, &u, pw, now, &e);
		} else if (strcmp(action, "unlock") == 0) {
			body = store_user_login_result(st, u.id, 0, 0, 0, &e);
		} else if (strcmp(action, "disable") == 0) {
			body = accounts_suspend(st, &u, reason, "(command line)", now, &e);
		} else if (strcmp(action, "enable") == 0) {
			body = accounts_resume(st, &u, now, &e);
		} else {
			if (strcmp(action, "admin") == 0)
				u.roles = strcmp(argv[3], "on") == 0 ? u.roles | ROLE_ANY_ADMIN
								      : u.roles & ~(unsigned)ROLE_ANY_ADMIN;
			else
				u.roles = roles;
			body = accounts_update(st, &u, &e);
		}
		rc = in_tx(st, &e, action, body);
		if (rc == 0)
			printf("daicho: %s done for \"%s\"\n", action, u.code);
	} else {
		help(stderr);
		rc = 2;
	}
out:
	arena_destroy(&a);
	store_thread_close();
	return rc;
}
