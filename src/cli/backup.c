/*
 * backup: `daicho backup ...` and `daicho restore ...` (docs/BACKUP.md, Kuki 第31条):
 * encrypted, verified backups to a second place while the server runs, restore tests,
 * and restoring a data directory (with no server using it). Every run is recorded and
 * written to the access log.
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "audit/seal.h"
#include "audit/verify.h"
#include "core/config.h"
#include "core/strutil.h"
#include "ops/backup.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f, "usage: daicho backup [action] [options]   (plus --config FILE, --data DIR)\n\n"
		   "  (no action) [--to DIR] [--keep N]\n"
		   "        back up the database (online: the server may keep running) and every file\n"
		   "        of the data directory, encrypted with the backup key, into a new\n"
		   "        directory under DIR (default: backup_dir), then read it all back; keeps\n"
		   "        the newest N backups (default: backup_keep)\n"
		   "  test NAME|PATH [--to DIR]\n"
		   "        restore test: restore the backup into a scratch directory, check it with\n"
		   "        SQLite, compare the counts and verify the access log there; logged\n"
		   "  list [--to DIR]   the backups under DIR, newest first\n"
		   "  key [--show]      where the backup key is and its fingerprint (--show: the key\n"
		   "        itself, to keep a copy away from this server)\n"
		   "  common: --key-file FILE (default: backup_key, else <data>/backup.key)\n\n"
		   "usage: daicho restore --from PATH [--key-file FILE] [--force]\n"
		   "        restore a backup into the data directory; the server must be stopped.\n"
		   "        An existing database is kept as daicho.db.before-restore-<time>\n"
		   "        (only with --force). The restored access log is verified and the\n"
		   "        restore is logged in it.\n");
}

static void print_report(const char *what, const struct backup_report *r)
{
	if (!r->ok) {
		fprintf(stderr, "daicho %s: %s\n", what, r->problem);
		return;
	}
	printf("daicho %s: %s\n  %lld files, %lld bytes; %lld users, %lld apps, %lld records, "
	       "%lld access-log entries\n",
	       what, r->path, (long long)r->files, (long long)r->bytes, (long long)r->stats.users,
	       (long long)r->stats.apps, (long long)r->stats.records,
	       (long long)r->stats.log_entries);
}

static int load_key(const struct config *c, const char *key_file, bool create,
		    unsigned char key[CRYPTO_BACKUP_KEY_LEN], char *path, size_t size)
{
	char msg[1200];
	backup_key_file(key_file ? key_file : c->backup_key, c->data, path, size);
	if (backup_key_load(path, create, key, msg, sizeof msg) != 0) {
		fprintf(stderr, "daicho: %s\n", msg);
		return -1;
	}
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	struct config c;
	struct store *st;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	const char *action = "make", *to = NULL, *key_file = NULL, *target = NULL;
	int keep = -1;
	bool show = false;
	int i = 1;
	if (argc > 1 && argv[1][0] != '-')
		action = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help(stdout);
			return 0;
		} else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
			to = argv[++i];
		} else if (strcmp(argv[i], "--key-file") == 0 && i + 1 < argc) {
			key_file = argv[++i];
		} else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
			int64_t n;
			if (!str_to_i64(argv[++i], &n) || n < 0 || n > 10000) {
				fprintf(stderr, "daicho backup: --keep takes a number from 0 to 10000\n");
				return 2;
			}
			keep = (int)n;
		} else if (strcmp(argv[i], "--show") == 0) {
			show = true;
		} else if (argv[i][0] != '-' && target == NULL && strcmp(action, "test") == 0) {
			target = argv[i];
		} else {
			fprintf(stderr, "daicho backup: unknown option \"%s\" (see --help)\n", argv[i]);
			return 2;
		}
	}
	if (strcmp(action, "make") && strcmp(action, "test") && strcmp(action, "list") &&
	    strcmp(action, "key")) {
		help(stderr);
		return 2;
	}
	const char *root = to ? to : c.backup_dir;
	if (strcmp(action, "key") != 0 && root[0] == '\0') {
		fprintf(stderr, "daicho backup: where to? Give --to DIR or set backup_dir "
				"(a second disk or a mounted remote, not the data directory's disk)\n");
		return 2;
	}
	if (strcmp(action, "test") == 0 && target == NULL) {
		fprintf(stderr, "daicho backup test: name the backup (see daicho backup list)\n");
		return 2;
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char key_path[1024];
	if (load_key(&c, key_file, strcmp(action, "make") == 0, key, key_path, sizeof key_path) != 0)
		return 1;
	int rc = 0;
	struct backup_report r;
	if (strcmp(action, "make") == 0) {
		rc = backup_make(st, c.data, root, key, keep >= 0 ? keep : c.backup_keep,
				 cli_os_user(), &r) == 0 ? 0 : 1;
		print_report("backup", &r);
	} else if (strcmp(action, "test") == 0) {
		char path[1024];
		if (strchr(target, '/') != NULL)
			snprintf(path, sizeof path, "%s", target);
		else if (!backup_path(root, target, path, sizeof path)) {
			fprintf(stderr, "daicho backup test: \"%s\" is not a backup name\n", target);
			return 2;
		}
		rc = backup_test(st, c.data, path, key, cli_os_user(), &r) == 0 ? 0 : 1;
		print_report("backup test", &r);
		if (rc == 0)
			printf("  restore test passed: database intact, counts match, access log verified\n");
	} else if (strcmp(action, "list") == 0) {
		struct backup_entry list[64];
		int n = backup_list(root, key, list, 64);
		if (n < 0) {
			fprintf(stderr, "daicho backup list: cannot read %s\n", root);
			rc = 1;
		}
		for (int k = 0; k < n; k++)
			printf("%s  %s  %lld files  %lld records  %s\n", list[k].name, list[k].created_at,
			       (long long)list[k].files, (long long)list[k].stats.records,
			       list[k].manifest_ok ? "manifest ok" : "MANIFEST DOES NOT MATCH THE KEY");
	} else {
		char id[24];
		crypto_backup_key_id(key, id);
		printf("backup key: %s (fingerprint %s)\n", key_path, id);
		if (show) {
			char hex[2 * CRYPTO_BACKUP_KEY_LEN + 1];
			crypto_hex(key, sizeof key, hex);
			printf("%s\n", hex);
			crypto_wipe(hex, sizeof hex);
		}
	}
	crypto_wipe(key, sizeof key);
	store_thread_close();
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	struct config c;
	struct store *st;
	struct err e;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	const char *from = NULL, *key_file = NULL;
	bool force = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help(stdout);
			return 0;
		} else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc) {
			from = argv[++i];
		} else if (strcmp(argv[i], "--key-file") == 0 && i + 1 < argc) {
			key_file = argv[++i];
		} else if (strcmp(argv[i], "--force") == 0) {
			force = true;
		} else {
			fprintf(stderr, "daicho restore: unknown option \"%s\" (see --help)\n", argv[i]);
			return 2;
		}
	}
	if (from == NULL) {
		fprintf(stderr, "daicho restore: give --from PATH (a backup directory; see daicho backup list)\n");
		return 2;
	}
	if (!crypto_init()) {
		fprintf(stderr, "daicho: libsodium cannot be initialised\n");
		return 1;
	}
	int lock = backup_lock_data(c.data);
	if (lock < 0) {
		fprintf(stderr, "daicho restore: a daicho server is using %s (or it cannot be written): "
				"stop the server first\n", c.data);
		return 1;
	}
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char key_path[1024];
	if (load_key(&c, key_file, false, key, key_path, sizeof key_path) != 0)
		return 1;
	time_t started = time(NULL);
	struct backup_report r;
	int rc = backup_restore(from, c.data, key, force, &r);
	crypto_wipe(key, sizeof key);
	if (rc != 0) {
		print_report("restore", &r);
		return 1;
	}
	/* The restored store: verify its access log, then log the restore in it. */
	if (cli_open(&c, &st) != 0)
		return 1;
	err_init(&e, NULL);
	struct verify_report vr;
	seal_open_public(c.data, &e);
	err_init(&e, NULL);
	if (verify_log(st, NULL, seal_public_hex(), &vr, &e) == 0 && vr.n == 0) {
		r.log_verified = true;
	} else {
		r.ok = false;
		snprintf(r.problem, sizeof r.problem, "the restored access log does not verify: run "
			 "daicho audit verify for the details");
	}
	if (backup_record(st, "restore", &r, cli_os_user(), (int64_t)started, &e) != 0)
		cli_print_err("restore: could not log the restore", &e);
	print_report("restore", &r);
	if (r.ok)
		printf("  access log verified (%lld entries); start the server again\n",
		       (long long)vr.entries);
	seal_close();
	store_thread_close();
	close(lock);
	return r.ok ? 0 : 1;
}
