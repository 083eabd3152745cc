/* keyring: per-record key files of class I apps and crypto-erase (see keyring.h). */
#include "auth/keyring.h"
#include "auth/crypto.h"
#include "core/log.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "store/sealing.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PAD_BLOCK = 32, CACHE_SLOTS = 512, CACHE_SECONDS = 60 };

static char keys_dir[512];

/*
 * A direct-mapped cache of loaded keys; slots are wiped when replaced or erased, and read
 * from the file again after a minute, so a key destroyed by another process (`daicho
 * crypto`) leaves this one's memory within CACHE_SECONDS.
 */
struct slot {
	int64_t app, record;			/* app 0: free */
	time_t at;				/* when it was loaded */
	unsigned char key[CRYPTO_BOX_KEY];
};
static struct slot cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static struct slot *slot_of(int64_t app, int64_t record)
{
	uint64_t h = (uint64_t)app * 0x9E3779B97F4A7C15ULL ^ (uint64_t)record * 0xC2B2AE3D27D4EB4FULL;
	return &cache[(h >> 17) % CACHE_SLOTS];
}

static void cache_put(int64_t app, int64_t record, const unsigned char *key)
{
	pthread_mutex_lock(&cache_lock);
	struct slot *s = slot_of(app, record);
	s->app = app;
	s->record = record;
	s->at = time(NULL);
	memcpy(s->key, key, CRYPTO_BOX_KEY);
	pthread_mutex_unlock(&cache_lock);
}

static bool cache_get(int64_t app, int64_t record, unsigned char *key)
{
	pthread_mutex_lock(&cache_lock);
	struct slot *s = slot_of(app, record);
	bool hit = s->app == app && s->record == record && time(NULL) - s->at < CACHE_SECONDS;
	if (hit)
		memcpy(key, s->key, CRYPTO_BOX_KEY);
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

/* Forgets one record's key (record 0: every key of the app). */
static void cache_drop(int64_t app, int64_t record)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].app == app && (record == 0 || cache[i].record == record)) {
			crypto_wipe(cache[i].key, sizeof cache[i].key);
			cache[i].app = 0;
			cache[i].record = 0;
		}
	pthread_mutex_unlock(&cache_lock);
}

static void app_dir(char *out, size_t size, int64_t app)
{
	snprintf(out, size, "%s/app-%lld", keys_dir, (long long)app);
}

static void key_path(char *out, size_t size, int64_t app, int64_t record)
{
	snprintf(out, size, "%s/app-%lld/%lld.key", keys_dir, (long long)app, (long long)record);
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Writes n bytes at p to fd completely. */
static bool write_all(int fd, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		n -= (size_t)w;
	}
	return true;
}

/*
 * Destroys one key file: random bytes over the key, fsync, unlink, fsync of the
 * directory. 1 when destroyed, 0 when there was none, -1 on error.
 */
static int shred(const char *path, const char *dir)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	unsigned char junk[CRYPTO_BOX_KEY];
	crypto_random_bytes(junk, sizeof junk);
	bool ok = write_all(fd, junk, sizeof junk) && fsync(fd) == 0;
	close(fd);
	if (!ok || unlink(path) != 0) {
		log_error("cannot destroy key file %s: %s", path, strerror(errno));
		return -1;
	}
	sync_dir(dir);
	return 1;
}

static int load(int64_t app, int64_t record, unsigned char *key)
{
	if (cache_get(app, record, key))
		return 0;
	char path[700];
	key_path(path, sizeof path, app, record);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	ssize_t r = read(fd, key, CRYPTO_BOX_KEY);
	close(fd);
	if (r != CRYPTO_BOX_KEY) {
		crypto_wipe(key, CRYPTO_BOX_KEY);
		return -1;
	}
	cache_put(app, record, key);
	return 0;
}

int keyring_fresh(int64_t app, int64_t record)
{
	char dir[600], path[900], tmp[920];
	app_dir(dir, sizeof dir, app);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("cannot create key directory %s: %s", dir, strerror(errno));
		return -1;
	}
	key_path(path, sizeof path, app, record);
	/* A key left by a transaction that rolled back is destroyed, not just replaced. */
	cache_drop(app, record);
	if (shred(path, dir) < 0)
		return -1;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	unsigned char key[CRYPTO_BOX_KEY];
	crypto_box_keygen(key);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool ok = fd >= 0 && write_all(fd, key, sizeof key) && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (!ok || rename(tmp, path) != 0) {
		log_error("cannot write key file %s: %s", path, strerror(errno));
		unlink(tmp);
		crypto_wipe(key, sizeof key);
		return -1;
	}
	sync_dir(dir);
	cache_put(app, record, key);
	crypto_wipe(key, sizeof key);
	return 0;
}

static void put_be64(unsigned char *p, int64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)((uint64_t)v & 0xff);
		v = (int64_t)((uint64_t)v >> 8);
	}
}

static int64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

void keyring_seal_with(const unsigned char *key, int64_t app, int64_t record, const void *m,
		       size_t n, unsigned char **out, size_t *out_n)
{
	/* ISO/IEC 7816-4 padding to a multiple of 32 bytes: lengths tell less. */
	size_t padded = (n / PAD_BLOCK + 1) * PAD_BLOCK;
	unsigned char *p = xcalloc(padded);
	memcpy(p, m, n);
	p[n] = 0x80;
	*out_n = KEYRING_HEADER + padded + CRYPTO_BOX_OVERHEAD;
	*out = xcalloc(*out_n);
	memcpy(*out, "DC\x01", 3);
	put_be64(*out + 3, app);
	put_be64(*out + 11, record);
	crypto_box_seal_value(key, p, padded, *out + KEYRING_HEADER);
	crypto_wipe(p, padded);
	free(p);
}

bool keyring_names(const unsigned char *c, size_t n, int64_t *app, int64_t *record)
{
	if (n < KEYRING_HEADER + CRYPTO_BOX_OVERHEAD + PAD_BLOCK || memcmp(c, "DC\x01", 3) != 0)
		return false;
	*app = get_be64(c + 3);
	*record = get_be64(c + 11);
	return true;
}

bool keyring_open_with(const unsigned char *key, const unsigned char *c, size_t n, char **out,
		       size_t *out_n)
{
	int64_t app, record;
	if (!keyring_names(c, n, &app, &record))
		return false;
	size_t pn = n - KEYRING_HEADER - CRYPTO_BOX_OVERHEAD;
	unsigned char *p = xcalloc(pn + 1);
	if (!crypto_box_open_value(key, c + KEYRING_HEADER, n - KEYRING_HEADER, p)) {
		free(p);
		return false;
	}
	size_t len = pn;
	while (len > 0 && p[len - 1] == 0)
		len--;
	if (len == 0 || p[len - 1] != 0x80) {
		crypto_wipe(p, pn);
		free(p);
		return false;
	}
	p[--len] = '\0';
	*out = (char *)p;
	*out_n = len;
	return true;
}

static int k_seal(int64_t app, int64_t record, const void *m, size_t n, unsigned char **out,
		  size_t *out_n)
{
	unsigned char key[CRYPTO_BOX_KEY];
	if (load(app, record, key) != 0)
		return -1;
	keyring_seal_with(key, app, record, m, n, out, out_n);
	crypto_wipe(key, sizeof key);
	return 0;
}

static int k_open(const unsigned char *c, size_t n, char **out, size_t *out_n)
{
	int64_t app, record;
	unsigned char key[CRYPTO_BOX_KEY];
	if (!keyring_names(c, n, &app, &record) || load(app, record, key) != 0)
		return -1;
	bool ok = keyring_open_with(key, c, n, out, out_n);
	crypto_wipe(key, sizeof key);
	return ok ? 0 : -1;
}

int keyring_seal_file(int64_t app, int64_t record, const char *in_path, const char *out_path)
{
	unsigned char key[CRYPTO_BOX_KEY], head[20];	/* "DCF" 0x01 | app | record */
	if (load(app, record, key) != 0)
		return -1;
	int in = open(in_path, O_RDONLY | O_CLOEXEC);
	int out = open(out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	memcpy(head, "DCF\x01", 4);
	put_be64(head + 4, app);
	put_be64(head + 12, record);
	bool ok = in >= 0 && out >= 0 && write_all(out, head, 20) &&
		  crypto_file_seal(key, in, out) && fsync(out) == 0;
	crypto_wipe(key, sizeof key);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (!ok) {
		log_error("cannot seal %s into %s: %s", in_path, out_path, strerror(errno));
		if (out >= 0)
			unlink(out_path);
		return -1;
	}
	return 0;
}

int keyring_open_file(const char *in_path, int out_fd, char *sha_hex)
{
	unsigned char key[CRYPTO_BOX_KEY], head[20];
	int in = open(in_path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	struct crypto_sha256 h;
	crypto_sha256_init(&h);
	bool ok = read(in, head, sizeof head) == (ssize_t)sizeof head &&
		  memcmp(head, "DCF\x01", 4) == 0 &&
		  load(get_be64(head + 4), get_be64(head + 12), key) == 0;
	if (ok) {
		ok = crypto_file_open(key, in, out_fd, &h);
		crypto_wipe(key, sizeof key);
	}
	close(in);
	if (ok && sha_hex)
		crypto_sha256_final(&h, sha_hex);
	return ok ? 0 : -1;
}

static int k_seal_file(int64_t app, int64_t record, const char *in, const char *out)
{
	return keyring_seal_file(app, record, in, out);
}

static int k_open_file(const char *in, const char *out, char *sha_hex)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	int rc = keyring_open_file(in, fd, sha_hex);
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	close(fd);
	if (rc != 0)
		unlink(out);
	return rc;
}

/* Parses "<digits>.key"; false for anything else. */
static bool key_file(const char *name, int64_t *record)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL || strcmp(dot, ".key") != 0 || dot == name)
		return false;
	char num[32];
	if ((size_t)(dot - name) >= sizeof num)
		return false;
	memcpy(num, name, (size_t)(dot - name));
	num[dot - name] = '\0';
	return str_to_i64(num, record) && *record > 0;
}

int keyring_erase(int64_t app, int64_t record)
{
	char dir[600], path[900];
	app_dir(dir, sizeof dir, app);
	cache_drop(app, record);
	if (record > 0) {
		key_path(path, sizeof path, app, record);
		return shred(path, dir);
	}
	DIR *d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	int count = 0, failed = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		int rc = shred(path, dir);
		if (rc < 0)
			failed++;
		else
			count += rc;
	}
	closedir(d);
	if (failed == 0 && rmdir(dir) != 0 && errno != ENOENT)
		failed++;
	sync_dir(keys_dir);
	return failed ? -1 : count;
}

/*
 * The erase log (<keys_dir>/erased.log, one "app record" line per crypto-erase, record 0
 * for a whole app): written and fsync'd before the keys are destroyed, read by the sweep,
 * so keys that come back with a restored backup are destroyed again. Record ids are never
 * reused and a closed app never reopens, so a listed key is never needed again.
 */
static void log_erase(int64_t app, int64_t record)
{
	char path[600], line[64];
	snprintf(path, sizeof path, "%s/erased.log", keys_dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	int n = snprintf(line, sizeof line, "%lld %lld\n", (long long)app, (long long)record);
	if (fd < 0 || !write_all(fd, line, (size_t)n) || fsync(fd) != 0)
		log_error("cannot append to %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static int k_erase(int64_t app, int64_t record, bool disposal)
{
	if (disposal)
		log_erase(app, record);
	return keyring_erase(app, record);
}

static const struct store_keyring ops = {keyring_fresh, k_seal, k_open, k_erase, k_seal_file,
					 k_open_file};

int keyring_open(const char *dir)
{
	if (*dir == '\0' || strlen(dir) >= sizeof keys_dir - 64) {
		log_error("the key directory path is empty or too long");
		return -1;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("cannot create the key directory %s: %s", dir, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		log_error("the key directory %s is not a directory", dir);
		return -1;
	}
	if ((sb.st_mode & 077) != 0 && chmod(dir, 0700) != 0) {
		log_error("the key directory %s is open to others and cannot be closed: %s", dir,
			  strerror(errno));
		return -1;
	}
	str_copy(keys_dir, dir, sizeof keys_dir);
	store_set_keyring(&ops);
	return 0;
}

const char *keyring_dir(void)
{
	return keys_dir;
}

/* Calls fn(app, record, path, arg) for every key file; stops when fn returns < 0. */
static int each_key(int (*fn)(int64_t, int64_t, const char *, void *), void *arg)
{
	DIR *top = opendir(keys_dir);
	if (top == NULL)
		return -1;
	int rc = 0;
	struct dirent *a;
	while (rc >= 0 && (a = readdir(top)) != NULL) {
		int64_t app;
		if (strncmp(a->d_name, "app-", 4) != 0 || !str_to_i64(a->d_name + 4, &app))
			continue;
		char dir[600], path[900];
		app_dir(dir, sizeof dir, app);
		DIR *d = opendir(dir);
		if (d == NULL)
			continue;
		struct dirent *k;
		while (rc >= 0 && (k = readdir(d)) != NULL) {
			int64_t record;
			if (!key_file(k->d_name, &record))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, k->d_name);
			rc = fn(app, record, path, arg);
		}
		closedir(d);
	}
	closedir(top);
	return rc;
}

struct try_ctx {
	const unsigned char *c;
	size_t n;
	int tried;
	bool opened;
};

static int try_one(int64_t app, int64_t record, const char *path, void *arg)
{
	struct try_ctx *t = arg;
	unsigned char key[CRYPTO_BOX_KEY];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	(void)app;
	(void)record;
	if (fd < 0)
		return 0;
	ssize_t r = read(fd, key, sizeof key);
	close(fd);
	if (r != (ssize_t)sizeof key)
		return 0;
	char *p = NULL;
	size_t pn;
	t->tried++;
	if (keyring_open_with(key, t->c, t->n, &p, &pn)) {
		t->opened = true;
		crypto_wipe(p, pn);
		free(p);
	}
	crypto_wipe(key, sizeof key);
	return 0;
}

int keyring_try_all(const unsigned char *c, size_t n, bool *opened)
{
	struct try_ctx t = {c, n, 0, false};
	if (each_key(try_one, &t) < 0)
		return -1;
	*opened = t.opened;
	return t.tried;
}

struct sweep_ctx {
	struct store *st;
	int destroyed;
};

static int sweep_one(int64_t app, int64_t record, const char *path, void *arg)
{
	struct sweep_ctx *s = arg;
	struct err e;
	bool needed = true;
	err_init(&e, NULL);
	/* A key younger than a minute may belong to a write still in its transaction. */
	struct stat sb;
	if (stat(path, &sb) != 0 || sb.st_mtime > time(NULL) - 60)
		return 0;
	if (store_key_needed(s->st, app, record, &needed, &e) != 0)
		return -1;
	if (!needed && keyring_erase(app, record) > 0)
		s->destroyed++;
	return 0;
}

int keyring_sweep(struct store *st)
{
	struct sweep_ctx s = {st, 0};
	if (*keys_dir == '\0')
		return 0;
	if (each_key(sweep_one, &s) < 0)
		return -1;
	/* Keys of erased records and apps that a restored backup brought back. */
	char path[600], line[64];
	snprintf(path, sizeof path, "%s/erased.log", keys_dir);
	FILE *f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		long long app, record;
		int n;
		if (sscanf(line, "%lld %lld", &app, &record) == 2 && app > 0 && record >= 0 &&
		    (n = keyring_erase(app, record)) > 0)
			s.destroyed += n;
	}
	if (f != NULL)
		fclose(f);
	if (s.destroyed > 0)
		log_info("key sweep: destroyed %d keys of records that no longer exist", s.destroyed);
	return s.destroyed;
}
