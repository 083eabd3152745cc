/* ops/backup: encrypted, verified backups and their restore (see backup.h). */
#include "ops/backup.h"
#include "audit/chain.h"
#include "core/log.h"
#include "store/misc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { PATH_LEN = 1024, FORMAT_VERSION = 1 };

/* snprintf for paths and messages; false when the result did not fit (cut short). */
__attribute__((format(printf, 3, 4)))
static bool pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < size;
}
#define FORMAT_NAME "daicho-backup-1"
#define DB_ENTRY "db.sqlite.enc"

/* Records the first problem (fmt takes one string). */
static void problem(struct backup_report *r, const char *fmt, const char *arg)
{
	if (r->problem[0] == '\0')
		pathf(r->problem, sizeof r->problem, fmt, arg ? arg : "");
	r->ok = false;
}

/* mkdir -p with mode 0700 for what it creates. */
static int mkdirs(const char *path)
{
	char tmp[PATH_LEN];
	if (!pathf(tmp, sizeof tmp, "%s", path))
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* Creates the parent directories of path. */
static int mkparents(const char *path)
{
	char tmp[PATH_LEN];
	pathf(tmp, sizeof tmp, "%s", path);
	char *slash = strrchr(tmp, '/');
	if (slash == NULL || slash == tmp)
		return 0;
	*slash = '\0';
	return mkdirs(tmp);
}

static void fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* rm -r (no symlinks followed). */
static void remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char child[PATH_LEN];
			if (pathf(child, sizeof child, "%s/%s", path, de->d_name))
				remove_tree(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

int backup_key_load(const char *path, bool create, unsigned char key[CRYPTO_BACKUP_KEY_LEN],
		    char *msg, size_t msgsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		char hex[2 * CRYPTO_BACKUP_KEY_LEN + 2];
		crypto_random_bytes(key, CRYPTO_BACKUP_KEY_LEN);
		crypto_hex(key, CRYPTO_BACKUP_KEY_LEN, hex);
		hex[2 * CRYPTO_BACKUP_KEY_LEN] = '\n';
		hex[2 * CRYPTO_BACKUP_KEY_LEN + 1] = '\0';
		if (mkparents(path) != 0 ||
		    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
		    write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) || fsync(fd) != 0) {
			if (fd >= 0)
				close(fd);
			crypto_wipe(hex, sizeof hex);
			snprintf(msg, msgsz, "cannot create the backup key %s: %s", path, strerror(errno));
			return -1;
		}
		close(fd);
		crypto_wipe(hex, sizeof hex);
		log_info("made a new backup key in %s: keep a copy away from this server", path);
		return 0;
	}
	if (fd < 0) {
		snprintf(msg, msgsz, "cannot read the backup key %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	char hex[2 * CRYPTO_BACKUP_KEY_LEN + 8] = {0};
	ssize_t n = fstat(fd, &sb) == 0 ? read(fd, hex, sizeof hex - 1) : -1;
	close(fd);
	if (sb.st_mode & 077) {
		snprintf(msg, msgsz, "the backup key %s may be read by other users: chmod 600 it", path);
		crypto_wipe(hex, sizeof hex);
		return -1;
	}
	if (n >= 2 * CRYPTO_BACKUP_KEY_LEN)
		hex[2 * CRYPTO_BACKUP_KEY_LEN] = '\0';
	bool ok = n >= 2 * CRYPTO_BACKUP_KEY_LEN && crypto_unhex(hex, key, CRYPTO_BACKUP_KEY_LEN);
	crypto_wipe(hex, sizeof hex);
	if (!ok) {
		snprintf(msg, msgsz, "the backup key %s is not 64 hexadecimal digits", path);
		return -1;
	}
	return 0;
}

/* Encrypts the file src into dst; fills sha and size. */
static int encrypt_file(const char *src, const char *dst, const unsigned char *key, char *sha,
			int64_t *size)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = mkparents(dst) == 0 ? open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
	int rc = out >= 0 ? crypto_backup_encrypt(in, out, key, sha, size) : -1;
	if (rc == 0 && fsync(out) != 0)
		rc = -1;
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

/* Decrypts src into dst (NULL: check only); fills sha and size. */
static int decrypt_file(const char *src, const char *dst, const unsigned char *key, char *sha,
			int64_t *size)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = -1;
	if (dst != NULL && (mkparents(dst) != 0 ||
			    (out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)) {
		close(in);
		return -1;
	}
	int rc = crypto_backup_decrypt(in, out, key, sha, size);
	if (rc == 0 && out >= 0 && fsync(out) != 0)
		rc = -1;
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

/* Files of the data directory that a backup leaves out: the live database (copied
 * through SQLite instead), scratch space, the server's lock, the backup key itself and
 * what an earlier restore set aside. */
static bool skipped(const char *rel)
{
	static const char *const exact[] = {"daicho.db", "daicho.db-wal", "daicho.db-shm",
					    "serve.lock", "backup.key"};
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(rel, exact[i]) == 0)
			return true;
	return strncmp(rel, "tmp/", 4) == 0 || strcmp(rel, "tmp") == 0 ||
	       strstr(rel, ".before-restore-") != NULL || strncmp(rel, ".restore-", 9) == 0;
}

/* Encrypts every file under data_dir/rel into dest/data/, adding manifest entries. */
static int add_tree(const char *data_dir, const char *rel, const char *dest,
		    const unsigned char *key, json_t *files, struct backup_report *r)
{
	char dir[PATH_LEN];
	pathf(dir, sizeof dir, "%s%s%s", data_dir, rel[0] ? "/" : "", rel);
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char child[PATH_LEN], src[PATH_LEN], dst[PATH_LEN];
		struct stat sb;
		if (!pathf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name) ||
		    !pathf(src, sizeof src, "%s/%s", data_dir, child) ||
		    !pathf(dst, sizeof dst, "%s/data/%s.enc", dest, child)) {
			problem(r, "a path is too long: %s", de->d_name);
			rc = -1;
			break;
		}
		if (skipped(child) || lstat(src, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			rc = add_tree(data_dir, child, dest, key, files, r);
		} else if (S_ISREG(sb.st_mode)) {
			char sha[65];
			int64_t size;
			if (encrypt_file(src, dst, key, sha, &size) != 0) {
				problem(r, "could not copy %s into the backup", child);
				rc = -1;
				break;
			}
			json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "path", child,
							       "sha256", sha, "size", (json_int_t)size));
			r->files++;
			r->bytes += size;
		}
	}
	closedir(d);
	return rc;
}

static json_t *stats_json(const struct snapshot_stats *s)
{
	return json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:s}", "schema", s->schema,
			 "users", (json_int_t)s->users, "apps", (json_int_t)s->apps,
			 "records", (json_int_t)s->records, "blobs", (json_int_t)s->blobs,
			 "log_entries", (json_int_t)s->log_entries, "log_head", s->log_head);
}

static void stats_from_json(json_t *j, struct snapshot_stats *s)
{
	s->schema = (int)json_integer_value(json_object_get(j, "schema"));
	s->users = json_integer_value(json_object_get(j, "users"));
	s->apps = json_integer_value(json_object_get(j, "apps"));
	s->records = json_integer_value(json_object_get(j, "records"));
	s->blobs = json_integer_value(json_object_get(j, "blobs"));
	s->log_entries = json_integer_value(json_object_get(j, "log_entries"));
	const char *h = json_string_value(json_object_get(j, "log_head"));
	snprintf(s->log_head, sizeof s->log_head, "%s", h ? h : "");
	s->intact = true;
}

/* Writes text to path and fsyncs it. */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	int rc = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

/* Reads a small text file (up to 64 MiB) into a malloc'd string. */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > ((size_t)64 << 20)) {
				free(buf);
				fclose(f);
				return NULL;
			}
			char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + len, 1, 4096, f);
		len += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/*
 * Reads and authenticates a backup's manifest. Returns it, or NULL with a problem
 * (missing, altered, written under another key).
 */
static json_t *load_manifest(const char *path, const unsigned char *key, struct backup_report *r)
{
	char mpath[PATH_LEN], macpath[PATH_LEN], mac[65];
	pathf(mpath, sizeof mpath, "%s/manifest.json", path);
	pathf(macpath, sizeof macpath, "%s/manifest.mac", path);
	char *text = read_text(mpath), *stored = read_text(macpath);
	json_t *m = NULL;
	if (text == NULL || stored == NULL) {
		problem(r, "%s is not a daicho backup (manifest.json or manifest.mac missing)", path);
		goto out;
	}
	crypto_backup_mac(key, text, strlen(text), mac);
	stored[strcspn(stored, "\r\n")] = '\0';
	if (!crypto_str_equal(mac, stored)) {
		problem(r, "the manifest of %s does not match the backup key: it was altered, or "
			   "the backup was made with another key", path);
		goto out;
	}
	json_error_t je;
	m = json_loads(text, 0, &je);
	const char *format = json_string_value(json_object_get(m, "format"));
	if (m == NULL || format == NULL || strcmp(format, FORMAT_NAME) != 0) {
		problem(r, "%s has a manifest this daicho does not know", path);
		json_decref(m);
		m = NULL;
	}
out:
	free(text);
	free(stored);
	return m;
}

/*
 * Decrypts every file of the backup at path and compares it with the manifest; with
 * scratch, writes them there as a data directory (the database as daicho.db) and checks
 * the database with SQLite. Fills r (name, counts, stats).
 */
static int check_backup(const char *path, const unsigned char *key, const char *scratch,
			struct backup_report *r)
{
	json_t *m = load_manifest(path, key, r);
	if (m == NULL)
		return -1;
	snprintf(r->name, sizeof r->name, "%s", json_string_value(json_object_get(m, "name")) ?: "");
	if (path != r->path)
		pathf(r->path, sizeof r->path, "%s", path);
	struct snapshot_stats want;
	stats_from_json(json_object_get(m, "stats"), &want);
	r->stats = want;
	r->files = r->bytes = 0;
	int rc = 0;
	json_t *db = json_object_get(m, "db");
	char src[PATH_LEN], dst[PATH_LEN], sha[65];
	int64_t size;
	pathf(src, sizeof src, "%s/%s", path, DB_ENTRY);
	pathf(dst, sizeof dst, "%s/daicho.db", scratch ? scratch : "");
	const char *want_sha = json_string_value(json_object_get(db, "sha256"));
	if (decrypt_file(src, scratch ? dst : NULL, key, sha, &size) != 0 || want_sha == NULL ||
	    strcmp(sha, want_sha) != 0) {
		problem(r, "the database copy in the backup is damaged or missing (%s)", DB_ENTRY);
		rc = -1;
	}
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(m, "files"), i, f) {
		const char *rel = json_string_value(json_object_get(f, "path"));
		const char *fsha = json_string_value(json_object_get(f, "sha256"));
		if (rel == NULL || fsha == NULL || strstr(rel, "..") != NULL || rel[0] == '/') {
			problem(r, "the manifest names an unusable path%s", "");
			rc = -1;
			break;
		}
		pathf(src, sizeof src, "%s/data/%s.enc", path, rel);
		pathf(dst, sizeof dst, "%s/%s", scratch ? scratch : "", rel);
		if (decrypt_file(src, scratch ? dst : NULL, key, sha, &size) != 0 || strcmp(sha, fsha) != 0) {
			problem(r, "a file in the backup is damaged or missing: %s", rel);
			rc = -1;
			continue;
		}
		r->files++;
		r->bytes += size;
	}
	json_decref(m);
	if (rc != 0 || scratch == NULL)
		return rc;
	struct err e;
	err_init(&e, NULL);
	struct snapshot_stats got;
	pathf(dst, sizeof dst, "%s/daicho.db", scratch);
	if (store_snapshot_stats(dst, &got, &e) != 0 || !got.intact) {
		problem(r, "SQLite finds the restored database damaged: %s", got.problem);
		return -1;
	}
	if (got.users != want.users || got.apps != want.apps || got.records != want.records ||
	    got.blobs != want.blobs || got.log_entries != want.log_entries ||
	    strcmp(got.log_head, want.log_head) != 0) {
		problem(r, "the restored database does not hold what the manifest lists%s", "");
		return -1;
	}
	r->stats = got;
	return 0;
}

/* daicho-YYYYMMDDTHHMMSSZ for now (a suffix when taken). */
static void make_name(const char *root, time_t now, char *out, size_t size)
{
	struct tm tm;
	gmtime_r(&now, &tm);
	char base[40];
	strftime(base, sizeof base, "daicho-%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, size, "%s", base);
	for (int i = 2; i < 100; i++) {
		char p[PATH_LEN];
		struct stat sb;
		pathf(p, sizeof p, "%s/%s", root, out);
		if (stat(p, &sb) != 0)
			return;
		snprintf(out, size, "%s-%d", base, i);
	}
}

static bool is_backup_name(const char *name)
{
	return strncmp(name, "daicho-", 7) == 0 && strchr(name, '/') == NULL &&
	       strstr(name, "..") == NULL && strlen(name) < 64;
}

bool backup_path(const char *root, const char *name, char *out, size_t size)
{
	if (name == NULL || !is_backup_name(name))
		return false;
	return pathf(out, size, "%s/%s", root, name);
}

static int cmp_names_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Backup directory names under root, newest first (malloc'd array of malloc'd names). */
static int names_under(const char *root, char ***out)
{
	DIR *d = opendir(root);
	*out = NULL;
	if (d == NULL)
		return -1;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!is_backup_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(*out, (size_t)cap * sizeof **out);
			if (nv == NULL)
				break;
			*out = nv;
		}
		(*out)[n++] = strdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(*out, (size_t)n, sizeof **out, cmp_names_desc);
	return n;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Removes the oldest backups beyond keep. */
static void prune(const char *root, int keep)
{
	char **names;
	int n = names_under(root, &names);
	for (int i = keep; keep > 0 && i < n; i++) {
		char p[PATH_LEN];
		if (backup_path(root, names[i], p, sizeof p)) {
			remove_tree(p);
			log_info("backup: removed %s (backup_keep = %d)", names[i], keep);
		}
	}
	if (n > 0)
		free_names(names, n);
}

static char *report_detail(const struct backup_report *r)
{
	json_t *j = json_pack("{s:s, s:b, s:s, s:I, s:I, s:o, s:b}", "path", r->path, "ok", r->ok,
			      "problem", r->problem, "files", (json_int_t)r->files, "bytes",
			      (json_int_t)r->bytes, "stats", stats_json(&r->stats), "log_verified",
			      r->log_verified);
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return text;
}

int backup_record(struct store *st, const char *kind, const struct backup_report *r,
		  const char *by, int64_t started, struct err *e)
{
	char *detail = report_detail(r);
	struct backup_run run = {
		.kind = kind, .name = r->name, .by = by, .started_at = started,
		.finished_at = (int64_t)time(NULL), .ok = r->ok, .detail = detail ? detail : "{}",
	};
	char action[40], at[40], note[160];
	snprintf(action, sizeof action, "backup.%s", strcmp(kind, "backup") == 0 ? "make" : kind);
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100, (ts.tv_nsec / 1000000) % 1000);
	/* The entry has no free-text column: the backup's name rides in request_id. */
	snprintf(note, sizeof note, "%s %s", r->name, r->ok ? "ok" : "failed");
	struct log_entry l = {
		.at = at, .user_code = by, .auth = "system", .action = action, .record_ids = "[]",
		.result = r->ok ? "ok" : "failed", .status = 0, .code = "", .client = "",
		.request_id = note,
	};
	int rc = store_begin(st, e);
	if (rc == 0 && (store_backup_run_add(st, &run, e) != 0 || chain_append(st, &l, e) != 0)) {
		store_rollback(st);
		rc = -1;
	} else if (rc == 0) {
		rc = store_commit(st, e);
	}
	free(detail);
	return rc;
}

int backup_make(struct store *st, const char *data_dir, const char *root,
		const unsigned char *key, int keep, const char *by, struct backup_report *r)
{
	time_t started = time(NULL);
	char partial[PATH_LEN], snap[PATH_LEN], dst[PATH_LEN], key_id[24];
	struct err e;
	err_init(&e, NULL);
	memset(r, 0, sizeof *r);
	r->ok = true;
	crypto_backup_key_id(key, key_id);
	if (mkdirs(root) != 0) {
		problem(r, "cannot create the backup directory %s", root);
		goto record;
	}
	make_name(root, started, r->name, sizeof r->name);
	pathf(r->path, sizeof r->path, "%s/%s", root, r->name);
	pathf(partial, sizeof partial, "%s/.%s.partial", root, r->name);
	pathf(snap, sizeof snap, "%s/tmp/backup-%s.sqlite", data_dir, r->name);
	remove_tree(partial);
	unlink(snap);
	if (mkdirs(partial) != 0 || mkparents(snap) != 0) {
		problem(r, "cannot write under %s", root);
		goto record;
	}
	/* 1. The database: a consistent online snapshot, then encrypted. */
	if (store_backup_copy(st, snap, &e) != 0 ||
	    store_snapshot_stats(snap, &r->stats, &e) != 0 || !r->stats.intact) {
		problem(r, "could not copy the database%s", "");
		goto cleanup;
	}
	char db_sha[65];
	int64_t db_size;
	pathf(dst, sizeof dst, "%s/%s", partial, DB_ENTRY);
	if (encrypt_file(snap, dst, key, db_sha, &db_size) != 0) {
		problem(r, "could not write the database into %s", root);
		goto cleanup;
	}
	unlink(snap);
	/* 2. Every other file of the data directory. */
	json_t *files = json_array();
	if (add_tree(data_dir, "", partial, key, files, r) != 0) {
		json_decref(files);
		goto cleanup;
	}
	r->bytes += db_size;
	/* 3. The manifest and its MAC; then the directory appears under its name at once. */
	char created[32], mac[66];
	struct tm tm;
	gmtime_r(&started, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *m = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:I}, s:o, s:o}",
			      "format", FORMAT_NAME, "version", FORMAT_VERSION, "name", r->name,
			      "created_at", created, "by", by, "key_id", key_id, "db", "path",
			      DB_ENTRY, "sha256", db_sha, "size", (json_int_t)db_size, "files", files,
			      "stats", stats_json(&r->stats));
	char *text = json_dumps(m, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(m);
	char mpath[PATH_LEN];
	pathf(mpath, sizeof mpath, "%s/manifest.json", partial);
	int wrote = text ? write_text(mpath, text) : -1;
	if (wrote == 0) {
		crypto_backup_mac(key, text, strlen(text), mac);
		mac[64] = '\n';
		mac[65] = '\0';
		pathf(mpath, sizeof mpath, "%s/manifest.mac", partial);
		wrote = write_text(mpath, mac);
	}
	free(text);
	if (wrote != 0) {
		problem(r, "could not write the manifest under %s", root);
		goto cleanup;
	}
	fsync_path(partial, true);
	if (rename(partial, r->path) != 0) {
		problem(r, "could not name the backup %s", r->path);
		goto cleanup;
	}
	fsync_path(root, true);
	/* 4. Read it all back before calling it a backup. */
	int64_t files_written = r->files, bytes_written = r->bytes;
	if (check_backup(r->path, key, NULL, r) != 0)
		goto record;
	r->files = files_written;
	r->bytes = bytes_written;
	prune(root, keep);
	goto record;
cleanup:
	remove_tree(partial);
	unlink(snap);
record:
	if (backup_record(st, "backup", r, by, (int64_t)started, &e) != 0)
		log_error("backup: could not record the run in the database");
	if (r->ok)
		log_info("backup: %s (%lld files, %lld bytes) written and checked", r->path,
			 (long long)r->files, (long long)r->bytes);
	else
		log_error("backup failed: %s", r->problem);
	return r->ok ? 0 : -1;
}

/* Runs `daicho audit verify --data dir`; true when the chain is intact. */
static bool verify_in(const char *dir, struct backup_report *r)
{
	char out_path[PATH_LEN];
	pathf(out_path, sizeof out_path, "%s/tmp-verify.txt", dir);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	char self[PATH_LEN];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		posix_spawn_file_actions_destroy(&fa);
		problem(r, "cannot find the daicho program to run the log verification%s", "");
		return false;
	}
	self[n] = '\0';
	char *argv[] = {self, "audit", "verify", "--data", (char *)dir, NULL};
	pid_t pid;
	int status = -1;
	/* The scratch copy runs on its own settings: no DAICHO_* from this process. */
	char *env[] = {"PATH=/usr/bin:/bin", NULL};
	bool ok = posix_spawn(&pid, self, &fa, NULL, argv, env) == 0 &&
		  waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	posix_spawn_file_actions_destroy(&fa);
	if (!ok) {
		char *text = read_text(out_path);
		char line[200] = "";
		if (text) {
			snprintf(line, sizeof line, "%s", text);
			line[strcspn(line, "\n")] = '\0';
		}
		free(text);
		problem(r, "the access log in the restored copy does not verify: %s", line);
	}
	return ok;
}

int backup_test(struct store *st, const char *data_dir, const char *path,
		const unsigned char *key, const char *by, struct backup_report *r)
{
	time_t started = time(NULL);
	char scratch[PATH_LEN];
	struct err e;
	err_init(&e, NULL);
	memset(r, 0, sizeof *r);
	r->ok = true;
	pathf(r->path, sizeof r->path, "%s", path);
	const char *slash = strrchr(path, '/');
	snprintf(r->name, sizeof r->name, "%s", slash ? slash + 1 : path);
	pathf(scratch, sizeof scratch, "%s/tmp/restore-test-XXXXXX", data_dir);
	if (mkparents(scratch) != 0 || mkdtemp(scratch) == NULL) {
		problem(r, "cannot make a scratch directory under %s/tmp", data_dir);
	} else {
		if (check_backup(path, key, scratch, r) == 0)
			r->log_verified = verify_in(scratch, r);
		remove_tree(scratch);
	}
	if (backup_record(st, "restore_test", r, by, (int64_t)started, &e) != 0)
		log_error("backup: could not record the restore test in the database");
	if (r->ok)
		log_info("backup: restore test of %s passed (%lld records, log verified)", r->name,
			 (long long)r->stats.records);
	else
		log_error("backup: restore test of %s failed: %s", r->name, r->problem);
	return r->ok ? 0 : -1;
}

/* Moves every file under from/rel into to/rel (same file system), replacing. */
static int move_tree(const char *from, const char *to, const char *rel)
{
	char dir[PATH_LEN];
	pathf(dir, sizeof dir, "%s%s%s", from, rel[0] ? "/" : "", rel);
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char child[PATH_LEN], src[PATH_LEN], dst[PATH_LEN];
		struct stat sb;
		pathf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		pathf(src, sizeof src, "%s/%s", from, child);
		pathf(dst, sizeof dst, "%s/%s", to, child);
		if (lstat(src, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			rc = mkdirs(dst) == 0 ? move_tree(from, to, child) : -1;
		else
			rc = rename(src, dst);
	}
	closedir(d);
	fsync_path(to, true);
	return rc;
}

/* A small text file's content (malloc'd), or NULL when it is missing or over 64 MiB. */
static char *read_small(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *out = NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		if (n >= 0 && n <= 64L << 20 && fseek(f, 0, SEEK_SET) == 0) {
			out = malloc((size_t)n + 1);
			if (out != NULL && fread(out, 1, (size_t)n, f) != (size_t)n) {
				free(out);
				out = NULL;
			} else if (out != NULL) {
				out[n] = '\0';
			}
		}
	}
	fclose(f);
	return out;
}

int backup_restore(const char *path, const char *data_dir, const unsigned char *key,
		   bool force, struct backup_report *r)
{
	char scratch[PATH_LEN], live[PATH_LEN];
	memset(r, 0, sizeof *r);
	r->ok = true;
	pathf(live, sizeof live, "%s/daicho.db", data_dir);
	struct stat sb;
	if (stat(live, &sb) == 0 && !force) {
		problem(r, "%s already holds a database: restoring would replace it. Pass --force to "
			   "restore anyway (the current one is kept as daicho.db.before-restore-<time>)",
			data_dir);
		return -1;
	}
	pathf(scratch, sizeof scratch, "%s/.restore-XXXXXX", data_dir);
	if (mkdirs(data_dir) != 0 || mkdtemp(scratch) == NULL) {
		problem(r, "cannot write into %s", data_dir);
		return -1;
	}
	if (check_backup(path, key, scratch, r) != 0) {
		remove_tree(scratch);
		return -1;
	}
	if (stat(live, &sb) == 0) {
		char stamp[32], aside[PATH_LEN];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		static const char *const parts[] = {"", "-wal", "-shm"};
		for (size_t i = 0; i < 3; i++) {
			char from[PATH_LEN];
			pathf(from, sizeof from, "%s%s", live, parts[i]);
			pathf(aside, sizeof aside, "%s/daicho.db.before-restore-%s%s", data_dir, stamp, parts[i]);
			if (stat(from, &sb) == 0 && rename(from, aside) != 0) {
				problem(r, "cannot set the current database aside in %s", data_dir);
				remove_tree(scratch);
				return -1;
			}
		}
	}
	/* The journal of the current data directory describes the old database. */
	char journal[PATH_LEN];
	pathf(journal, sizeof journal, "%s/accesslog.journal", data_dir);
	unlink(journal);
	/* The crypto-erase log (docs/ENCRYPTION.md) only grows: the current one survives the
	 * restore, so keys the backup brings back for erased records are destroyed again. */
	char erased[PATH_LEN];
	pathf(erased, sizeof erased, "%s/keys/erased.log", data_dir);
	char *kept = read_small(erased);
	int moved = move_tree(scratch, data_dir, "");
	if (kept != NULL) {
		int fd = open(erased, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, kept, strlen(kept)) != (ssize_t)strlen(kept) || fsync(fd) != 0)
			problem(r, "could not keep the crypto-erase log %s", erased);
		if (fd >= 0)
			close(fd);
		free(kept);
	}
	if (moved != 0) {
		problem(r, "could not move the restored files into %s", data_dir);
		remove_tree(scratch);
		return -1;
	}
	remove_tree(scratch);
	fsync_path(data_dir, true);
	return 0;
}

int backup_list(const char *root, const unsigned char *key, struct backup_entry *out, int max)
{
	char **names;
	int n = names_under(root, &names);
	if (n < 0)
		return -1;
	int k = 0;
	for (int i = 0; i < n && k < max; i++) {
		char p[PATH_LEN];
		struct backup_report r;
		memset(&r, 0, sizeof r);
		if (!backup_path(root, names[i], p, sizeof p))
			continue;
		struct backup_entry *b = &out[k++];
		memset(b, 0, sizeof *b);
		snprintf(b->name, sizeof b->name, "%s", names[i]);
		json_t *m = load_manifest(p, key, &r);
		b->manifest_ok = m != NULL;
		if (m == NULL)
			continue;
		snprintf(b->created_at, sizeof b->created_at, "%s",
			 json_string_value(json_object_get(m, "created_at")) ?: "");
		snprintf(b->by, sizeof b->by, "%s", json_string_value(json_object_get(m, "by")) ?: "");
		snprintf(b->key_id, sizeof b->key_id, "%s",
			 json_string_value(json_object_get(m, "key_id")) ?: "");
		stats_from_json(json_object_get(m, "stats"), &b->stats);
		size_t j;
		json_t *f;
		b->bytes = json_integer_value(json_object_get(json_object_get(m, "db"), "size"));
		json_array_foreach(json_object_get(m, "files"), j, f) {
			b->files++;
			b->bytes += json_integer_value(json_object_get(f, "size"));
		}
		json_decref(m);
	}
	if (n > 0)
		free_names(names, n);
	return k;
}

int backup_lock_data(const char *data_dir)
{
	char p[PATH_LEN];
	pathf(p, sizeof p, "%s/serve.lock", data_dir);
	if (mkdirs(data_dir) != 0)
		return -1;
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void backup_key_file(const char *configured, const char *data_dir, char *out, size_t size)
{
	if (configured != NULL && configured[0] != '\0')
		pathf(out, size, "%s", configured);
	else
		pathf(out, size, "%s/backup.key", data_dir);
}
