/*
 * serve: `daicho serve` starts the HTTP server with the configured settings, creating
 * the data directory, database and first administrator when they do not exist yet,
 * and runs until SIGINT or SIGTERM.
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "audit/journal.h"
#include "ops/backup.h"
#include "audit/retention.h"
#include "audit/seal.h"
#include "store/audit.h"
#include "auth/authn.h"
#include "auth/keyring.h"
#include "core/config.h"
#include "core/log.h"
#include "core/strutil.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/handlers.h"
#include "http/server.h"
#include "hooks/deliver.h"
#include "store/indexes.h"
#include "store/ledger.h"
#include "core/timeutil.h"
#include "rules/policy.h"
#include "store/maintain.h"
#include "store/policy.h"
#include "store/sealing.h"
#include "store/store.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(void)
{
	printf("usage: daicho serve [--config FILE] [--data DIR] [--port N] [--listen ADDRS]\n"
	       "                    [--threads N]\n\n"
	       "Starts daicho: the kintone-compatible REST API under /k/v1/ and daicho's own API\n"
	       "under /api/. On the first start it creates the data directory, the database and\n"
	       "the administrator \"admin\" (password from DAICHO_ADMIN_PASSWORD, or a random one\n"
	       "printed once). Stop it with Ctrl-C or SIGTERM; committed data is never lost.\n\n"
	       "Settings (file key = value, environment variable, default):\n");
	for (const struct config_key *k = config_keys(); k->key; k++)
		printf("  %-14s %-22s %-14s %s\n", k->key, k->env, k->def, k->help);
	printf("\nFlags --port, --listen, --threads and --data override the same settings.\n"
	       "DAICHO_CONFIG names a settings file (like --config).\n"
	       "DAICHO_ADMIN_PASSWORD sets the first administrator's password.\n");
}

/* Removes uploads left half-written by a previous run. */
static void clean_tmp(const char *data)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/tmp", data);
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		char path[900];
		if (!str_starts(de->d_name, "up-"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static bool stopping;

/* Moves the access-log journal into the table until it is empty (start and stop). */
static int drain_journal(struct store *st)
{
	size_t moved;
	struct err e;
	err_init(&e, NULL);
	do {
		if (journal_ingest(st, 10000, &moved, &e) != 0)
			return -1;
	} while (moved > 0);
	return 0;
}

/* Signs the access log's head every "audit.checkpoint_minutes" (when it moved). */
static void scheduled_checkpoint(struct store *st, time_t *last)
{
	int64_t minutes = policy_int("audit.checkpoint_minutes");
	time_t now = time(NULL);
	if (minutes <= 0 || now - *last < minutes * 60)
		return;
	struct audit_checkpoint cp;
	bool made;
	struct err e;
	err_init(&e, NULL);
	if (seal_checkpoint(st, "scheduled", true, &cp, &made, &e) != 0)
		log_error("access log: could not make the scheduled checkpoint");
	*last = now;
}

/*
 * The background thread: moves access-log entries from the journal into the table as
 * they come, signs checkpoints of the access log, and makes the indexes queries have
 * asked for (store/indexes.c).
 */
static void *background(void *arg)
{
	(void)arg;
	struct store *st = store_thread();
	time_t last_checkpoint = 0;	/* one at start when the log grew since the last */
	for (;;) {
		pthread_mutex_lock(&stop_lock);
		bool done = stopping;
		pthread_mutex_unlock(&stop_lock);
		if (done || st == NULL)
			break;
		journal_wait(250);
		size_t moved;
		struct err e;
		err_init(&e, NULL);
		do {
			if (journal_ingest(st, 5000, &moved, &e) != 0) {
				log_error("access-log journal: could not move entries into the table");
				break;
			}
		} while (moved == 5000);
		scheduled_checkpoint(st, &last_checkpoint);
		index_build_pending(st);
		if (store_checkpoint(st, &e) != 0)
			log_error("could not checkpoint the write-ahead log");
	}
	store_thread_close();
	return NULL;
}

/* The settings of scheduled backups (copied at start). */
static struct config schedule;

/*
 * Scheduled backups (Kuki 第31条): when backup_dir is set and the last good backup is
 * older than backup_hours, make one and run the restore test on it at once, so every
 * scheduled backup is also a logged restore test.
 */
static void scheduled_backup(struct store *st)
{
	int64_t last;
	struct err e;
	err_init(&e, NULL);
	if (schedule.backup_dir[0] == '\0' || st == NULL || store_backup_last_ok(st, &last, &e) != 0)
		return;
	if (time(NULL) - last < (int64_t)schedule.backup_hours * 3600)
		return;
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char path[1024], msg[1200];
	backup_key_file(schedule.backup_key, schedule.data, path, sizeof path);
	if (backup_key_load(path, true, key, msg, sizeof msg) != 0) {
		log_error("scheduled backup: %s", msg);
		return;
	}
	struct backup_report r, t;
	if (backup_make(st, schedule.data, schedule.backup_dir, key, schedule.backup_keep,
			"daicho (schedule)", &r) == 0)
		backup_test(st, schedule.data, r.path, key, "daicho (schedule)", &t);
	crypto_wipe(key, sizeof key);
}

/*
 * The ledger's daily pass (Abiko §9(1)③): apps idle for "apps.idle_days" or past their
 * end date are told to their owner and section head once. Runs at start and when the
 * local day changes; last_day keeps the day of the last run.
 */
static void ledger_pass(struct store *st, char last_day[16])
{
	char today[16];
	struct ymd d = time_local_date(time(NULL), NULL);
	snprintf(today, sizeof today, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
	if (st == NULL || strcmp(today, last_day) == 0)
		return;
	struct arena a;
	struct err e;
	size_t sent = 0;
	arena_init(&a, 0);
	err_init(&e, &a);
	if (store_begin(st, &e) != 0) {
		log_error("ledger: the daily pass could not start a transaction");
		arena_destroy(&a);
		return;
	}
	if (store_ledger_notify(st, &a, today, policy_int("apps.idle_days"), time(NULL), &sent, &e) != 0) {
		store_rollback(st);
		log_error("ledger: the daily pass over idle and expired apps failed");
	} else if (store_commit(st, &e) != 0) {
		log_error("ledger: the daily pass could not commit");
	} else {
		memcpy(last_day, today, sizeof today);
		if (sent > 0)
			log_info("ledger: %zu notices about idle or expired apps", sent);
	}
	arena_destroy(&a);
}

/* Housekeeping every ten minutes until the server stops (store/maintain.c). */

static void *maintenance(void *arg)
{
	(void)arg;
	char ledger_day[16] = "";
	pthread_mutex_lock(&stop_lock);
	while (!stopping) {
		pthread_mutex_unlock(&stop_lock);
		struct err e;
		struct maintain_stats ms;
		err_init(&e, NULL);
		struct store *st = store_thread();
		ledger_pass(st, ledger_day);
		if (st && store_maintain(st, time(NULL), &ms, &e) == 0 && (ms.uploads || ms.blobs))
			log_info("housekeeping: removed %lld unattached uploads and %lld unused files",
				 (long long)ms.uploads, (long long)ms.blobs);
		/* Access-log retention (Kuki 第19条): "audit.retention_days", 0 = keep all. */
		int64_t keep = policy_int("audit.retention_days");
		if (st && keep > 0) {
			char day[11];
			struct purge_result pr;
			retention_day_before(time(NULL), (int)keep, day);
			err_init(&e, NULL);
			if (retention_purge(st, day, "daicho (audit.retention_days)", "system", true, &pr, &e) != 0)
				log_error("access log: the retention purge failed");
			else if (pr.deleted > 0)
				log_info("access log: purged %lld entries before %s (retention %lld days)",
					 (long long)pr.deleted, day, (long long)keep);
		}
		scheduled_backup(st);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 600;
		pthread_mutex_lock(&stop_lock);
		if (!stopping)
			pthread_cond_timedwait(&stop_cond, &stop_lock, &until);
	}
	pthread_mutex_unlock(&stop_lock);
	store_thread_close();
	return NULL;
}

int cmd_serve(int argc, char **argv)
{
	struct config c;
	struct store *st;
	char msg[256];
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *key = NULL;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help();
			return 0;
		}
		if (strcmp(argv[i], "--port") == 0)
			key = "port";
		else if (strcmp(argv[i], "--listen") == 0)
			key = "listen";
		else if (strcmp(argv[i], "--threads") == 0)
			key = "threads";
		if (key == NULL || i + 1 >= argc) {
			fprintf(stderr, "daicho serve: unknown or incomplete option \"%s\" (see --help)\n",
				argv[i]);
			return 2;
		}
		if (config_set(&c, key, argv[++i], msg, sizeof msg) != 0) {
			fprintf(stderr, "daicho serve: %s\n", msg);
			return 2;
		}
	}
	/* Signals are taken by sigwait below; worker threads inherit the mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	store_background_checkpoints();
	/* Held until the process ends: a restore (or a second server) cannot run under us. */
	if (backup_lock_data(c.data) < 0) {
		log_error("another daicho serve or restore is using %s (or it cannot be written)", c.data);
		return 1;
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	schedule = c;
	if (cli_ensure_admin(st) != 0)
		return 1;
	clean_tmp(c.data);
	/* Class I apps whose data is not yet sealed (or closed ones not yet erased), then
	 * keys a crash left behind between a deletion's commit and its crypto-erase. */
	struct err ce;
	err_init(&ce, NULL);
	if (store_crypto_reconcile(st, (int64_t)time(NULL), &ce) < 0)
		log_error("encryption of class I apps: not every app could be brought in line");
	if (keyring_sweep(st) < 0)
		log_error("the key sweep could not finish; it runs again at the next start");
	struct err je;
	err_init(&je, NULL);
	if (journal_open(c.data, strcmp(c.sync, "full") == 0, &je) != 0 || drain_journal(st) != 0) {
		log_error("the access log cannot be written; refusing to serve without it");
		return 1;
	}
	if (seal_open(c.data, true, &je) != 0) {
		log_error("the access log's signing key cannot be read or created; refusing to serve");
		return 1;
	}
	authn_configure(&c);
	dispatch_configure(&c);
	session_configure(c.secure_cookie);
	/* Before the listener's threads: curl_global_init must run while no other thread
	 * uses the TLS library. */
	if (deliver_start() != 0)
		log_error("the webhook sender could not start: webhooks stay queued");
	if (server_start(&c) != 0) {
		log_error("could not listen on any of %s (port %d)", c.listen, c.port);
		return 1;
	}
	log_info("daicho is running with data in %s (time zone %s); stop with Ctrl-C", c.data,
		 c.timezone);
	pthread_t housekeeper, ingest;
	bool have_housekeeper = pthread_create(&housekeeper, NULL, maintenance, NULL) == 0;
	bool have_ingest = pthread_create(&ingest, NULL, background, NULL) == 0;
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("stopping (signal %d)", sig);
	server_stop();
	deliver_stop();
	if (have_housekeeper) {
		pthread_mutex_lock(&stop_lock);
		stopping = true;
		pthread_cond_signal(&stop_cond);
		pthread_mutex_unlock(&stop_lock);
		pthread_join(housekeeper, NULL);
	}
	if (have_ingest) {
		pthread_mutex_lock(&stop_lock);
		stopping = true;
		pthread_mutex_unlock(&stop_lock);
		journal_wake();
		pthread_join(ingest, NULL);
	}
	if (drain_journal(st) != 0)
		log_error("access-log journal: entries remain in the journal; they move at the next start");
	journal_close();
	seal_close();
	appctx_cache_clear();
	store_thread_close();
	return 0;
}

/* Writes every policy key with its value in preset; 0 on success. */
static int apply_preset(struct store *st, const char *preset)
{
	struct err e;
	size_t n;
	const struct policy_key *k = policy_keys(&n);
	err_init(&e, NULL);
	if (policy_preset_value(preset, &k[0]) == NULL) {
		fprintf(stderr, "daicho init: unknown preset \"%s\" (default, abiko)\n", preset);
		return -1;
	}
	if (store_begin(st, &e) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (store_policy_set(st, k[i].key, policy_preset_value(preset, &k[i]),
				     "daicho init", time(NULL), &e) != 0) {
			store_rollback(st);
			goto fail;
		}
	if (store_commit(st, &e) != 0 || store_policy_load(st, &e) != 0)
		goto fail;
	printf("daicho: policy set to the \"%s\" preset (docs/RULES.md)\n", preset);
	return 0;
fail:
	cli_print_err("cannot store the policy", &e);
	return -1;
}

int cmd_init(int argc, char **argv)
{
	struct config c;
	struct store *st;
	const char *preset = NULL;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc) {
			preset = argv[++i];
			continue;
		}
		bool help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
		if (!help)
			fprintf(stderr, "daicho init: unknown option \"%s\"\n", argv[i]);
		printf("usage: daicho init [--config FILE] [--data DIR] [--preset default|abiko]\n\n"
		       "Creates the data directory, the database and the administrator \"admin\"\n"
		       "(password from DAICHO_ADMIN_PASSWORD, or a random one printed once).\n"
		       "Running it again changes nothing, except that --preset sets the policy:\n"
		       "  default  the switchable rules off (what a fresh `make run` starts with)\n"
		       "  abiko    every rule the seed documents describe (docs/RULES.md)\n");
		return help ? 0 : 2;
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	if (preset != NULL && apply_preset(st, preset) != 0)
		return 1;
	if (cli_ensure_admin(st) != 0)
		return 1;
	printf("daicho: data directory %s is ready\n", c.data);
	store_thread_close();
	return 0;
}
