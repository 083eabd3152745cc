/*
 * crypto: `daicho crypto ...`, class I encryption from the command line
 * (docs/ENCRYPTION.md): change an app's class or close it (the data is sealed, opened or
 * crypto-erased in the same transaction), check that no key opens an erased value, and
 * sweep keys no longer needed. The lifecycle's approvals are the normal way to change a
 * class; this is the administrator's path for recovery, set-up and tests.
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "auth/crypto.h"
#include "auth/keyring.h"
#include "core/config.h"
#include "core/strutil.h"
#include "rules/classes.h"
#include "store/apps.h"
#include "store/sealing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(FILE *f)
{
	fprintf(f, "usage: daicho crypto <action> [options]   (plus --config FILE, --data DIR)\n\n"
		   "  class APP RANK [--as LOGIN]\n"
		   "        set the app's information class (1 = class I): moving into class I\n"
		   "        encrypts every record, moving out decrypts them, in one transaction\n"
		   "  close APP [--as LOGIN]\n"
		   "        close the app; a class I app's keys are destroyed (crypto-erase)\n"
		   "        and a disposal record names LOGIN (default: admin)\n"
		   "  try HEX\n"
		   "        try every key in the key directory on a sealed value (hex); exit 0\n"
		   "        when none opens it, 1 when one does\n"
		   "  sweep destroy keys of records that no longer exist\n");
}

/* Runs fn inside one transaction; prints the error and returns 1 on failure. */
static int in_tx(struct store *st, const char *what, int64_t app, int rank, const char *who)
{
	struct err e;
	err_init(&e, NULL);
	int64_t now = (int64_t)time(NULL);
	if (store_begin(st, &e) != 0) {
		cli_print_err(what, &e);
		return 1;
	}
	int rc = rank > 0 ? store_crypto_set_class(st, app, rank, &e)
			  : store_app_set_state(st, app, APP_CLOSED, now, &e);
	if (rc == 0)
		rc = store_crypto_apply(st, app, who, now, &e);
	if (rc == 0)
		rc = store_commit(st, &e);
	if (rc != 0) {
		store_rollback(st);
		cli_print_err(what, &e);
		return 1;
	}
	/* Empties the write-ahead log when plaintext was just rewritten (store/sealing.c). */
	if (store_checkpoint(st, &e) != 0)
		fprintf(stderr, "daicho crypto: the write-ahead log could not be emptied now;"
				" the server does it at its next checkpoint\n");
	return 0;
}

static int try_hex(const char *hex)
{
	size_t n = strlen(hex) / 2;
	unsigned char *c = malloc(n + 1);
	if (c == NULL || n == 0 || !crypto_unhex(hex, c, n)) {
		fprintf(stderr, "daicho crypto try: give the sealed value in hex\n");
		free(c);
		return 2;
	}
	bool opened = false;
	int tried = keyring_try_all(c, n, &opened);
	free(c);
	if (tried < 0) {
		fprintf(stderr, "daicho crypto try: cannot read the key directory %s\n", keyring_dir());
		return 1;
	}
	printf("%s (%d keys tried)\n", opened ? "a key opens it" : "no key opens it", tried);
	return opened ? 1 : 0;
}

int cmd_crypto(int argc, char **argv)
{
	struct config c;
	struct store *st;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *act = argv[1], *who = "admin";
	int64_t app = 0, rank = 0;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--as") == 0 && i + 1 < argc) {
			who = argv[++i];
			memmove(&argv[i - 1], &argv[i + 1], (size_t)(argc - i - 1) * sizeof *argv);
			argc -= 2;
			i -= 2;
		}
	bool needs_app = strcmp(act, "class") == 0 || strcmp(act, "close") == 0;
	if (needs_app && (argc < 3 || !str_to_i64(argv[2], &app) || app < 1)) {
		fprintf(stderr, "daicho crypto %s: give an app id\n", act);
		return 2;
	}
	if (strcmp(act, "class") == 0 &&
	    (argc < 4 || !str_to_i64(argv[3], &rank) || rank < 1 || rank > CLASSES_MAX)) {
		fprintf(stderr, "daicho crypto class: give a rank (1 = class I)\n");
		return 2;
	}
	if (strcmp(act, "try") == 0 && argc < 3) {
		fprintf(stderr, "daicho crypto try: give the sealed value in hex\n");
		return 2;
	}
	if (!needs_app && strcmp(act, "try") != 0 && strcmp(act, "sweep") != 0) {
		help(stderr);
		return 2;
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	if (strcmp(act, "class") == 0) {
		if (in_tx(st, "cannot change the class", app, (int)rank, who) != 0)
			return 1;
		bool sealed = false;
		struct err e;
		err_init(&e, NULL);
		store_app_sealed(st, app, &sealed, &e);
		printf("app %lld: class rank %lld, %s\n", (long long)app, (long long)rank,
		       sealed ? "records encrypted" : "records not encrypted");
		return 0;
	}
	if (strcmp(act, "close") == 0) {
		if (in_tx(st, "cannot close the app", app, 0, who) != 0)
			return 1;
		printf("app %lld: closed\n", (long long)app);
		return 0;
	}
	if (strcmp(act, "try") == 0)
		return try_hex(argv[2]);
	int n = keyring_sweep(st);
	if (n < 0) {
		fprintf(stderr, "daicho crypto sweep: could not finish\n");
		return 1;
	}
	printf("%d keys destroyed\n", n);
	return 0;
}
