/* journal: append-only file in front of access_log for reads (see journal.h). */
#include "audit/journal.h"
#include "audit/chain.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/strutil.h"
#include "store/misc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EMPTY_AT = 1 << 20, CHUNK = 1 << 20, LINE_MAX_BYTES = 16 << 20 };

static int wfd = -1, rfd = -1;
static bool sync_each;
/* Appenders hold it shared; emptying the file holds it alone. */
static pthread_rwlock_t file_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond = PTHREAD_COND_INITIALIZER;
static unsigned long appended, seen;

int journal_open(const char *dir, bool full_sync, struct err *e)
{
	char path[700];
	snprintf(path, sizeof path, "%s/accesslog.journal", dir);
	wfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	rfd = wfd >= 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (wfd < 0 || rfd < 0) {
		log_error("cannot open the access-log journal %s: %s", path, strerror(errno));
		return err_set(e, E_STORAGE, NULL);
	}
	sync_each = full_sync;
	return 0;
}

void journal_close(void)
{
	if (wfd >= 0)
		close(wfd);
	if (rfd >= 0)
		close(rfd);
	wfd = rfd = -1;
}

/* Appends s escaped so that it holds no tab or line break. */
static void put_field(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		default: buf_putc(b, *s);
		}
	}
	buf_putc(b, '\t');
}

static void put_int(struct buf *b, long long v)
{
	buf_int(b, v);
	buf_putc(b, '\t');
}

int journal_append(const struct log_entry *l, struct err *e)
{
	struct buf b;
	buf_init(&b, 0);
	put_field(&b, l->at);
	put_int(&b, l->user_id);
	put_field(&b, l->user_code);
	put_field(&b, l->auth);
	put_int(&b, l->token_id);
	put_int(&b, l->app_id);
	put_field(&b, l->action);
	put_field(&b, l->record_ids);
	put_field(&b, l->result);
	put_int(&b, l->status);
	put_field(&b, l->code);
	put_field(&b, l->client);
	put_field(&b, l->request_id);
	buf_trim(&b, 1);
	buf_putc(&b, '\n');
	int rc = 0;
	pthread_rwlock_rdlock(&file_lock);
	/* One write() per entry: appends of whole lines never interleave. */
	ssize_t w;
	do
		w = write(wfd, b.data, b.len);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)b.len || (sync_each && fdatasync(wfd) != 0)) {
		log_error("access-log journal: write failed: %s", w < 0 ? strerror(errno) : "short write");
		rc = err_set(e, E_STORAGE, NULL);
	}
	pthread_rwlock_unlock(&file_lock);
	buf_free(&b);
	if (rc == 0) {
		pthread_mutex_lock(&wait_lock);
		appended++;
		pthread_cond_signal(&wait_cond);
		pthread_mutex_unlock(&wait_lock);
	}
	return rc;
}

void journal_wait(int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)ms * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&wait_lock);
	if (appended == seen)
		pthread_cond_timedwait(&wait_cond, &wait_lock, &until);
	seen = appended;
	pthread_mutex_unlock(&wait_lock);
}

void journal_wake(void)
{
	pthread_mutex_lock(&wait_lock);
	appended++;
	pthread_cond_signal(&wait_cond);
	pthread_mutex_unlock(&wait_lock);
}

/* Undoes put_field in place; returns the next field or NULL at the end of the line. */
static char *take(char **p)
{
	char *start = *p, *o = start, *s = start;
	if (s == NULL)
		return NULL;
	for (; *s && *s != '\t'; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*p = *s == '\t' ? s + 1 : NULL;
	*o = '\0';
	return start;
}

static int64_t take_int(char **p)
{
	int64_t v = 0;
	char *f = take(p);
	if (f)
		str_to_i64(f, &v);
	return v;
}

/* Parses one line (without its newline); false when it is damaged. */
static bool parse(char *line, struct log_entry *l)
{
	char *p = line;
	memset(l, 0, sizeof *l);
	l->at = take(&p);
	l->user_id = take_int(&p);
	l->user_code = take(&p);
	l->auth = take(&p);
	l->token_id = take_int(&p);
	l->app_id = take_int(&p);
	l->action = take(&p);
	l->record_ids = take(&p);
	l->result = take(&p);
	l->status = (int)take_int(&p);
	l->code = take(&p);
	l->client = take(&p);
	l->request_id = take(&p);
	return l->request_id != NULL && l->action && *l->action && l->at && *l->at;
}

/* Empties the journal once everything in it is in the table. */
static void empty_if_done(struct store *st, int64_t off)
{
	struct stat sb;
	struct err e;
	err_init(&e, NULL);
	pthread_rwlock_wrlock(&file_lock);
	if (fstat(rfd, &sb) == 0 && sb.st_size == off && store_begin(st, &e) == 0) {
		/* The offset goes back to 0 in the same transaction as the truncation: a
		 * crash in between leaves an offset past the end, which means "emptied". */
		if (store_journal_offset_set(st, 0, &e) == 0 && ftruncate(wfd, 0) == 0)
			store_commit(st, &e);
		else
			store_rollback(st);
	}
	pthread_rwlock_unlock(&file_lock);
}

int journal_ingest(struct store *st, size_t max, size_t *moved, struct err *e)
{
	int64_t off;
	struct stat sb;
	*moved = 0;
	if (store_journal_offset(st, &off, e) != 0)
		return -1;
	if (fstat(rfd, &sb) != 0)
		return err_set(e, E_STORAGE, NULL);
	if (off > sb.st_size)
		off = 0;	/* emptied after the offset was saved */
	if (off == sb.st_size) {
		if (off >= EMPTY_AT)
			empty_if_done(st, off);
		return 0;
	}
	size_t want = (size_t)(sb.st_size - off), cap = want < CHUNK ? want : CHUNK;
	char *data = malloc(cap + 1);
	ssize_t got = data ? pread(rfd, data, cap, off) : -1;
	/* A single line longer than a chunk: read it whole. */
	while (got > 0 && memchr(data, '\n', (size_t)got) == NULL && (size_t)got == cap &&
	       cap < want && cap < LINE_MAX_BYTES) {
		cap = cap * 2 < want ? cap * 2 : want;
		char *more = realloc(data, cap + 1);
		if (more == NULL)
			break;
		data = more;
		got = pread(rfd, data, cap, off);
	}
	if (got <= 0) {
		free(data);
		return got < 0 ? err_set(e, E_STORAGE, NULL) : 0;
	}
	int rc = 0;
	size_t used = 0, n = 0;
	if (store_begin(st, e) != 0) {
		free(data);
		return -1;
	}
	while (used < (size_t)got && n < max) {
		char *nl = memchr(data + used, '\n', (size_t)got - used);
		if (nl == NULL)
			break;	/* the rest of this line is not written yet */
		*nl = '\0';
		struct log_entry l;
		if (parse(data + used, &l)) {
			if ((rc = chain_append(st, &l, e)) != 0)
				break;
		} else {
			log_warn("access-log journal: skipped a damaged line at byte %lld",
				 (long long)(off + (int64_t)used));
		}
		used = (size_t)(nl - data) + 1;
		n++;
	}
	if (rc == 0 && n > 0)
		rc = store_journal_offset_set(st, off + (int64_t)used, e);
	if (rc == 0)
		rc = store_commit(st, e);
	else
		store_rollback(st);
	free(data);
	if (rc == 0) {
		*moved = n;
		if (off + (int64_t)used >= EMPTY_AT && off + (int64_t)used == sb.st_size)
			empty_if_done(st, off + (int64_t)used);
	}
	return rc;
}
