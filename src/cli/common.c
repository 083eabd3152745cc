/*
 * common: what several commands share: the command table, loading the configuration,
 * opening the data directory, and creating the first administrator.
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "auth/accounts.h"
#include "auth/crypto.h"
#include "auth/keyring.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "rules/policy.h"
#include "rules/roles.h"
#include "store/policy.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <pwd.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const struct cli_command commands[] = {
	{"serve", cmd_serve, "start the server (HTTP API; creates the data directory on first run)"},
	{"init", cmd_init, "create the data directory, database and first administrator"},
	{"user", cmd_user, "manage user accounts: add, list, passwd, disable, enable, unlock"},
	{"token", cmd_token, "manage API tokens: create, list, revoke"},
	{"audit", cmd_audit, "the tamper-evident access log: verify, checkpoint, key, purge"},
	{"backup", cmd_backup, "encrypted, verified backups: make, test (restore test), list, key"},
	{"restore", cmd_restore, "restore a backup into the data directory (server stopped)"},
	{"crypto", cmd_crypto, "class I encryption: class, close (crypto-erase), try, sweep"},
	{NULL, NULL, NULL},
};

const struct cli_command *cli_commands(void)
{
	return commands;
}

int cli_load_config(struct config *c, int *argc, char **argv)
{
	char msg[512];
	const char *file = getenv("DAICHO_CONFIG");
	const char *data = NULL;
	int out = 1;
	config_defaults(c);
	for (int i = 1; i < *argc; i++) {
		if ((strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--data") == 0) &&
		    i + 1 < *argc) {
			if (argv[i][2] == 'c')
				file = argv[i + 1];
			else
				data = argv[i + 1];
			i++;
			continue;
		}
		argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	if (file && *file && config_load_file(c, file, msg, sizeof msg) != 0) {
		fprintf(stderr, "daicho: %s\n", msg);
		return -1;
	}
	if (config_load_env(c, msg, sizeof msg) != 0) {
		fprintf(stderr, "daicho: %s\n", msg);
		return -1;
	}
	if (data && config_set(c, "data", data, msg, sizeof msg) != 0) {
		fprintf(stderr, "daicho: %s\n", msg);
		return -1;
	}
	return 0;
}

int cli_open(const struct config *c, struct store **st)
{
	struct err e;
	err_init(&e, NULL);
	if (!crypto_init()) {
		fprintf(stderr, "daicho: libsodium cannot be initialised\n");
		return -1;
	}
	if (!time_set_zone(c->timezone)) {
		fprintf(stderr, "daicho: unknown time zone \"%s\" (try Asia/Tokyo or UTC)\n", c->timezone);
		return -1;
	}
	if (store_global_init(c->data, c->sync, &e) != 0) {
		fprintf(stderr, "daicho: cannot open the data directory %s (see the message above)\n",
			c->data);
		return -1;
	}
	char keys[1100];
	if (c->keys_dir[0] != '\0')
		snprintf(keys, sizeof keys, "%s", c->keys_dir);
	else
		snprintf(keys, sizeof keys, "%s/keys", c->data);
	if (keyring_open(keys) != 0) {
		fprintf(stderr, "daicho: cannot open the key directory %s (see the message above)\n",
			keys);
		return -1;
	}
	*st = store_thread();
	if (*st == NULL)
		return -1;
	if (store_policy_load(*st, &e) != 0) {
		cli_print_err("cannot read the policy", &e);
		return -1;
	}
	return 0;
}

/* Prints the field errors of e for a person at a terminal. */
void cli_print_err(const char *what, const struct err *e)
{
	const struct err_info *info = err_table(e->code);
	char msg[512];
	const char *tmpl = info->msg[LANG_EN];
	const char *pct = strstr(tmpl, "%s");
	if (pct)
		snprintf(msg, sizeof msg, "%.*s%s%s", (int)(pct - tmpl), tmpl, e->arg, pct + 2);
	else
		snprintf(msg, sizeof msg, "%s", tmpl);
	fprintf(stderr, "daicho: %s: %s\n", what, msg);
	for (size_t i = 0; i < e->n_fields; i++) {
		const char *ft = err_fmsg(e->fields[i].msg, LANG_EN);
		const char *fp = strstr(ft, "%s");
		if (fp)
			snprintf(msg, sizeof msg, "%.*s%s%s", (int)(fp - ft), ft,
				 e->fields[i].arg ? e->fields[i].arg : "", fp + 2);
		else
			snprintf(msg, sizeof msg, "%s", ft);
		fprintf(stderr, "  %s: %s\n", e->fields[i].key, msg);
	}
}

int cli_read_password(const char *prompt, char *out, size_t size)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	bool ok = fgets(out, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (!ok)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

int cli_ensure_admin(struct store *st)
{
	struct err e;
	struct arena a;
	int64_t n;
	err_init(&e, NULL);
	if (store_user_count(st, &n, &e) != 0)
		return -1;
	if (n > 0)
		return 0;
	arena_init(&a, 0);
	err_init(&e, &a);
	const char *given = getenv("DAICHO_ADMIN_PASSWORD");
	char generated[25];
	const char *pw = given && *given ? given : NULL;
	if (pw == NULL) {
		crypto_random_token(generated, 24);
		pw = generated;
	}
	struct user u = {0};
	u.code = "admin";
	u.name = "Administrator";
	u.email = "";
	/* With separated duties the first administrator runs accounts and the system; a
	 * security administrator is someone else, created by them. */
	u.roles = policy_bool("duties.separated") ? ROLE_ACCOUNT_ADMIN | ROLE_SYSTEM_ADMIN
						   : ROLE_ALL;
	u.can_create_apps = true;
	int rc = -1;
	if (store_begin(st, &e) == 0) {
		if (accounts_create(st, &u, pw, time(NULL), &e) == 0 && store_commit(st, &e) == 0)
			rc = 0;
		else
			store_rollback(st);
	}
	if (rc != 0) {
		cli_print_err("cannot create the first administrator", &e);
		if (given)
			fprintf(stderr, "daicho: DAICHO_ADMIN_PASSWORD must satisfy the password rule"
					" (8 to 128 characters, not a common password)\n");
	} else if (given) {
		printf("daicho: created the first administrator \"admin\" with the password from"
		       " DAICHO_ADMIN_PASSWORD\n");
	} else {
		printf("daicho: created the first administrator\n"
		       "  login:    admin\n"
		       "  password: %s\n"
		       "  (shown only this once: sign in and change it, or set DAICHO_ADMIN_PASSWORD"
		       " before the first start)\n", generated);
		crypto_wipe(generated, sizeof generated);
	}
	fflush(stdout);
	arena_destroy(&a);
	return rc;
}

const char *cli_os_user(void)
{
	static char name[80];
	struct passwd pw, *res = NULL;
	char tmp[1024];
	if (getpwuid_r(geteuid(), &pw, tmp, sizeof tmp, &res) == 0 && res)
		snprintf(name, sizeof name, "os:%s", res->pw_name);
	else
		snprintf(name, sizeof name, "os:uid%u", (unsigned)geteuid());
	return name;
}
