/*
 * backups: the admin console's view of backups (Kuki 第31条; docs/BACKUP.md): where
 * they go and how often, the backups found there, every backup, restore test and restore
 * with its result; making a backup now and running a restore test (system
 * administrator; the auditor may run restore tests too). The work is ops/backup.c's.
 */
#include "http/handlers/handlers.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "http/params.h"
#include "ops/backup.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The server's backup settings (set at start). */
static struct config settings;

void h_backups_configure(const struct config *c)
{
	settings = *c;
}

/* The backup key (created on first use by a backup, read otherwise). */
static int key_for(struct req *r, bool create, unsigned char *key, char *path, size_t size)
{
	char msg[1200];
	backup_key_file(settings.backup_key, settings.data, path, size);
	if (backup_key_load(path, create, key, msg, sizeof msg) != 0) {
		if (create || access(path, F_OK) == 0)	/* no key before the first backup is normal */
			log_warn("backups: %s", msg);
		return err_set(&r->err, E_BACKUP_KEY, NULL);
	}
	return 0;
}

static void write_time(struct res *s, const char *k, int64_t t)
{
	char iso[32];
	time_fmt_utc((time_t)t, iso);
	jsonw_kstr(&s->w, k, t > 0 ? iso : "");
}

static void write_stats(struct res *s, const struct snapshot_stats *st)
{
	jsonw_key(&s->w, "stats");
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "users");
	jsonw_int(&s->w, st->users);
	jsonw_key(&s->w, "apps");
	jsonw_int(&s->w, st->apps);
	jsonw_key(&s->w, "records");
	jsonw_int(&s->w, st->records);
	jsonw_key(&s->w, "files");
	jsonw_int(&s->w, st->blobs);
	jsonw_key(&s->w, "logEntries");
	jsonw_int(&s->w, st->log_entries);
	jsonw_obj_end(&s->w);
}

static void write_report(struct res *s, const struct backup_report *rep)
{
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "ok", rep->ok);
	jsonw_kstr(&s->w, "name", rep->name);
	jsonw_kstr(&s->w, "problem", rep->problem);
	jsonw_key(&s->w, "files");
	jsonw_int(&s->w, rep->files);
	jsonw_key(&s->w, "bytes");
	jsonw_int(&s->w, rep->bytes);
	jsonw_kbool(&s->w, "logVerified", rep->log_verified);
	write_stats(s, &rep->stats);
	jsonw_obj_end(&s->w);
}

int h_backups_get(struct req *r, struct res *s)
{
	struct backup_run *runs;
	size_t n_runs;
	if (store_backup_runs(store_thread(), r->arena, 50, &runs, &n_runs, &r->err) != 0)
		return -1;
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char key_path[1024], key_id[24] = "";
	bool have_key = key_for(r, false, key, key_path, sizeof key_path) == 0;
	err_init(&r->err, r->arena);
	if (have_key)
		crypto_backup_key_id(key, key_id);
	enum { LIST_MAX = 100 };
	struct backup_entry *list = arena_alloc(r->arena, LIST_MAX * sizeof *list);
	int n = settings.backup_dir[0] && have_key ? backup_list(settings.backup_dir, key, list, LIST_MAX) : 0;
	crypto_wipe(key, sizeof key);
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "dir", settings.backup_dir);
	jsonw_key(&s->w, "hours");
	jsonw_int(&s->w, settings.backup_hours);
	jsonw_key(&s->w, "keep");
	jsonw_int(&s->w, settings.backup_keep);
	jsonw_kbool(&s->w, "dirReadable", n >= 0);
	jsonw_key(&s->w, "key");
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "file", key_path);
	jsonw_kbool(&s->w, "present", have_key);
	jsonw_kstr(&s->w, "fingerprint", key_id);
	jsonw_obj_end(&s->w);
	jsonw_key(&s->w, "backups");
	jsonw_arr(&s->w);
	for (int i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "name", list[i].name);
		jsonw_kstr(&s->w, "createdAt", list[i].created_at);
		jsonw_kstr(&s->w, "by", list[i].by);
		jsonw_kbool(&s->w, "manifestOk", list[i].manifest_ok);
		jsonw_kbool(&s->w, "sameKey", strcmp(list[i].key_id, key_id) == 0);
		jsonw_key(&s->w, "files");
		jsonw_int(&s->w, list[i].files);
		jsonw_key(&s->w, "bytes");
		jsonw_int(&s->w, list[i].bytes);
		write_stats(s, &list[i].stats);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_key(&s->w, "runs");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n_runs; i++) {
		jsonw_obj(&s->w);
		jsonw_key(&s->w, "id");
		jsonw_int(&s->w, runs[i].id);
		jsonw_kstr(&s->w, "kind", runs[i].kind);
		jsonw_kstr(&s->w, "name", runs[i].name);
		jsonw_kstr(&s->w, "by", runs[i].by);
		write_time(s, "startedAt", runs[i].started_at);
		write_time(s, "finishedAt", runs[i].finished_at);
		jsonw_kbool(&s->w, "ok", runs[i].ok);
		jsonw_key(&s->w, "detail");
		jsonw_raw(&s->w, runs[i].detail, strlen(runs[i].detail));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_backup_make(struct req *r, struct res *s)
{
	if (settings.backup_dir[0] == '\0')
		return err_set(&r->err, E_BACKUP_NO_DIR, NULL);
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char key_path[1024];
	if (key_for(r, true, key, key_path, sizeof key_path) != 0)
		return -1;
	struct backup_report rep;
	int rc = backup_make(store_thread(), settings.data, settings.backup_dir, key,
			     settings.backup_keep, r->who.user_code, &rep);
	crypto_wipe(key, sizeof key);
	if (rc != 0)
		return err_set(&r->err, E_BACKUP_FAILED, "%s", rep.problem);
	write_report(s, &rep);
	return 0;
}

int h_backup_test(struct req *r, struct res *s)
{
	const char *name;
	char path[1024];
	if (settings.backup_dir[0] == '\0')
		return err_set(&r->err, E_BACKUP_NO_DIR, NULL);
	if (param_str(r, r->params, "name", NULL, &name) != 0)
		return -1;
	if (name == NULL || name[0] == '\0')
		return err_field(&r->err, "name", FM_REQUIRED_PARAM, NULL);
	struct stat sb;
	if (!backup_path(settings.backup_dir, name, path, sizeof path) || stat(path, &sb) != 0)
		return err_set(&r->err, E_BACKUP_NOT_FOUND, "%s", name);
	unsigned char key[CRYPTO_BACKUP_KEY_LEN];
	char key_path[1024];
	if (key_for(r, false, key, key_path, sizeof key_path) != 0)
		return -1;
	struct backup_report rep;
	int rc = backup_test(store_thread(), settings.data, path, key, r->who.user_code, &rep);
	crypto_wipe(key, sizeof key);
	if (rc != 0)
		return err_set(&r->err, E_BACKUP_FAILED, "%s", rep.problem);
	write_report(s, &rep);
	return 0;
}
