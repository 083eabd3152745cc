/* seal: the signing key and signed checkpoints of the access log (see seal.h). */
#include "audit/seal.h"
#include "auth/crypto.h"
#include "core/log.h"
#include "core/strutil.h"
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECKPOINT_FORMAT "daicho-checkpoint-1"

static unsigned char secret[CRYPTO_SIG_SK];
static unsigned char public_key[CRYPTO_SIG_PK];
static char public_hex[2 * CRYPTO_SIG_PK + 1];
static bool have_key;

static int read_text(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' '))
		out[--n] = '\0';
	return 0;
}

static int write_new(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	int rc = (w == (ssize_t)n && fsync(fd) == 0) ? 0 : -1;
	close(fd);
	return rc;
}

int seal_open(const char *data_dir, bool create, struct err *e)
{
	char dir[600], key[700], pub[700], text[2 * CRYPTO_SIG_SK + 8];
	snprintf(dir, sizeof dir, "%s/keys", data_dir);
	snprintf(key, sizeof key, "%s/audit-ed25519.key", dir);
	snprintf(pub, sizeof pub, "%s/audit-ed25519.pub", dir);
	if (read_text(key, text, sizeof text) != 0) {
		if (errno != ENOENT || !create) {
			if (errno != ENOENT)
				log_error("cannot read the access-log signing key %s: %s", key, strerror(errno));
			return err_set(e, E_STORAGE, NULL);
		}
		char hex[2 * CRYPTO_SIG_SK + 2];
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			log_error("cannot create %s: %s", dir, strerror(errno));
			return err_set(e, E_STORAGE, NULL);
		}
		crypto_sig_keypair(public_key, secret);
		crypto_hex(secret, sizeof secret, hex);
		str_copy(hex + 2 * CRYPTO_SIG_SK, "\n", 2);
		/* Readable only by the user daicho runs as, and by nobody else. */
		int rc = write_new(key, hex, 0400);
		crypto_wipe(hex, sizeof hex);
		crypto_hex(public_key, sizeof public_key, public_hex);
		char line[sizeof public_hex + 1];
		snprintf(line, sizeof line, "%s\n", public_hex);
		if (rc != 0 || (write_new(pub, line, 0444) != 0 && errno != EEXIST)) {
			log_error("cannot write the access-log signing key in %s: %s", dir, strerror(errno));
			crypto_wipe(secret, sizeof secret);
			return err_set(e, E_STORAGE, NULL);
		}
		log_info("created the access-log signing key (public key %s) in %s", public_hex, dir);
		have_key = true;
		return 0;
	}
	bool ok = crypto_unhex(text, secret, sizeof secret);
	crypto_wipe(text, sizeof text);
	if (!ok) {
		log_error("the access-log signing key %s is damaged", key);
		return err_set(e, E_STORAGE, NULL);
	}
	struct stat sb;
	if (stat(key, &sb) == 0 && (sb.st_mode & 077))
		log_warn("the access-log signing key %s can be read by others; chmod 0400 it", key);
	crypto_sig_public(secret, public_key);
	crypto_hex(public_key, sizeof public_key, public_hex);
	have_key = true;
	return 0;
}

static bool have_public;

int seal_open_public(const char *data_dir, struct err *e)
{
	char pub[700], text[2 * CRYPTO_SIG_PK + 8];
	snprintf(pub, sizeof pub, "%s/keys/audit-ed25519.pub", data_dir);
	if (read_text(pub, text, sizeof text) != 0 || !crypto_unhex(text, public_key, sizeof public_key))
		return err_set(e, E_STORAGE, NULL);
	crypto_hex(public_key, sizeof public_key, public_hex);
	have_public = true;
	return 0;
}

const char *seal_public_hex(void)
{
	return have_key || have_public ? public_hex : NULL;
}

void seal_close(void)
{
	crypto_wipe(secret, sizeof secret);
	have_key = false;
}

void seal_message(const struct audit_checkpoint *c, struct buf *out)
{
	buf_printf(out, "%s\n%lld\n%s\n%lld\n%s\n%s\n", CHECKPOINT_FORMAT, (long long)c->entry_id,
		   c->hash, (long long)c->count, c->at, c->reason);
}

bool seal_check(const struct audit_checkpoint *c)
{
	unsigned char pk[CRYPTO_SIG_PK], sig[CRYPTO_SIG_LEN];
	if (!crypto_unhex(c->public_key, pk, sizeof pk) || !crypto_unhex(c->signature, sig, sizeof sig))
		return false;
	struct buf m;
	buf_init(&m, 0);
	seal_message(c, &m);
	bool ok = crypto_sig_verify(pk, m.data, m.len, sig);
	buf_free(&m);
	return ok;
}

static void now_utc(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100, (ts.tv_nsec / 1000000) % 1000);
}

int seal_entry(struct store *st, int64_t entry_id, const char *hash, int64_t count,
	       const char *reason, struct audit_checkpoint *out, struct err *e)
{
	unsigned char sig[CRYPTO_SIG_LEN];
	if (!have_key) {
		log_error("the access-log signing key is not loaded");
		return err_set(e, E_INTERNAL, NULL);
	}
	memset(out, 0, sizeof *out);
	out->entry_id = entry_id;
	str_copy(out->hash, hash, sizeof out->hash);
	out->count = count;
	now_utc(out->at, sizeof out->at);
	str_copy(out->reason, reason, sizeof out->reason);
	str_copy(out->public_key, public_hex, sizeof out->public_key);
	struct buf m;
	buf_init(&m, 0);
	seal_message(out, &m);
	crypto_sig_sign(secret, m.data, m.len, sig);
	buf_free(&m);
	crypto_hex(sig, sizeof sig, out->signature);
	return store_checkpoint_add(st, out, e);
}

int seal_checkpoint(struct store *st, const char *reason, bool only_if_new,
		    struct audit_checkpoint *out, bool *made, struct err *e)
{
	struct log_head head;
	*made = false;
	if (store_begin(st, e) != 0)
		return -1;
	if (store_log_head(st, &head, e) != 0)
		goto fail;
	if (only_if_new) {
		struct audit_checkpoint last;
		int rc = store_checkpoint_latest(st, &last, e);
		if (rc < 0)
			goto fail;
		if ((rc == 1 && last.entry_id == head.id && strcmp(last.hash, head.hash) == 0) ||
		    (rc == 0 && head.count == 0)) {
			store_rollback(st);
			return 0;
		}
	}
	if (seal_entry(st, head.id, head.hash, head.count, reason, out, e) != 0)
		goto fail;
	if (store_commit(st, e) != 0)
		return -1;
	*made = true;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

void seal_json(const struct audit_checkpoint *c, struct buf *out)
{
	/* Every value is digits, hex or a fixed word: nothing needs escaping. */
	buf_printf(out,
		   "{\n  \"format\": \"%s\",\n  \"entry_id\": %lld,\n  \"hash\": \"%s\",\n"
		   "  \"count\": %lld,\n  \"at\": \"%s\",\n  \"reason\": \"%s\",\n"
		   "  \"public_key\": \"%s\",\n  \"signature\": \"%s\"\n}\n",
		   CHECKPOINT_FORMAT, (long long)c->entry_id, c->hash, (long long)c->count, c->at,
		   c->reason, c->public_key, c->signature);
}

/* The value of "key": in text (a string without escapes, or a number) into out. */
static bool field(const char *text, const char *key, char *out, size_t size)
{
	char pat[40];
	snprintf(pat, sizeof pat, "\"%s\"", key);
	const char *p = strstr(text, pat);
	if (p == NULL)
		return false;
	p += strlen(pat);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p++ != ':')
		return false;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	size_t n = 0;
	if (*p == '"') {
		for (p++; *p && *p != '"' && *p != '\\'; p++)
			if (n + 1 < size)
				out[n++] = *p;
			else
				return false;
		if (*p != '"')
			return false;
	} else {
		for (; *p >= '0' && *p <= '9'; p++)
			if (n + 1 < size)
				out[n++] = *p;
			else
				return false;
	}
	out[n] = '\0';
	return n > 0;
}

bool seal_read_file(const char *path, struct audit_checkpoint *c, char *msg, size_t size)
{
	char text[4096], num[24], format[40];
	memset(c, 0, sizeof *c);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, size, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	if (!field(text, "format", format, sizeof format) || strcmp(format, CHECKPOINT_FORMAT) != 0 ||
	    !field(text, "entry_id", num, sizeof num) || !str_to_i64(num, &c->entry_id) ||
	    !field(text, "hash", c->hash, sizeof c->hash) ||
	    !field(text, "count", num, sizeof num) || !str_to_i64(num, &c->count) ||
	    !field(text, "at", c->at, sizeof c->at) || !field(text, "reason", c->reason, sizeof c->reason) ||
	    !field(text, "public_key", c->public_key, sizeof c->public_key) ||
	    !field(text, "signature", c->signature, sizeof c->signature)) {
		snprintf(msg, size, "%s is not a daicho checkpoint file (%s)", path, CHECKPOINT_FORMAT);
		return false;
	}
	return true;
}
