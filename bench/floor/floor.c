/*
 * Copied from the shared benchmark references (shared/bench/floor/floor.c, placed beside the
 * clone in CI) so that `make bench` works from a clean checkout. One addition, off by default:
 * FLOOR_KEEPALIVE=1 answers a GET on libmicrohttpd's second call instead of the first. A
 * response queued on the first call is an "early response" to libmicrohttpd 0.9.75, which then
 * sends "Connection: close", so by default every GET of the floor costs a TCP connect, accept
 * and close (docs/PERFORMANCE.md). The default keeps the reference's published behaviour.
 */
/*
 * floor — the "near-physical-limit" reference for an HTTP + SQLite record server on this box.
 *
 * One libmicrohttpd daemon (internal epoll thread pool), one SQLite connection and a few
 * prepared statements per worker thread, a hand-written JSON writer. It answers the
 * kintone-shaped endpoints the benchmark harness uses (FLAVOR=kintone):
 *
 *   GET  /hello                                   -> 6-byte text body (HTTP-only ceiling)
 *   GET  /k/v1/record.json?app=1&id=N             -> one record         (workload a)
 *   GET  /k/v1/records.json?app=1&query=...       -> up to 100 records  (workload b)
 *        query understood: status = "X" order by $id desc limit L offset O
 *   POST /k/v1/record.json   {"app":1,"record":{...}}            -> insert, own txn  (c)
 *   PUT  /k/v1/record.json   {"app":1,"id":N,"record":{...}}     -> update, own txn  (d)
 *   POST /k/v1/records.json  {"app":1,"records":[{...},...]}     -> insert all, one txn (e)
 *
 * The request-body "parser" only scans for "field":{"value":...} pairs; it is a floor for
 * the I/O path, not a JSON implementation. No auth, no permissions, no logging, no revision
 * history: everything a real server adds costs time on top of this.
 *
 * Usage: floor DB_PATH [PORT=8090] [THREADS=2]
 * Env:   FLOOR_JOURNAL=wal|delete (default wal)  FLOOR_SYNC=normal|full (default normal)
 *        FLOOR_KEEPALIVE=1 (keep GET connections open; see the note at the top)
 */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <sqlite3.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *db_path;
static const char *journal_mode = "wal";
static const char *sync_mode = "normal";
static int keepalive;

/* ---- growable output buffer ------------------------------------------------------------ */
struct buf { char *p; size_t len, cap; };

static void b_reserve(struct buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra) cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) abort();
    b->p = np; b->cap = cap;
}
static void b_put(struct buf *b, const char *s, size_t n) { b_reserve(b, n); memcpy(b->p + b->len, s, n); b->len += n; }
static void b_str(struct buf *b, const char *s) { b_put(b, s, strlen(s)); }
static void b_fmt(struct buf *b, const char *fmt, ...) {
    va_list ap;
    b_reserve(b, 256);
    va_start(ap, fmt); int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap); va_end(ap);
    if ((size_t)n >= b->cap - b->len) {
        b_reserve(b, (size_t)n + 1);
        va_start(ap, fmt); vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap); va_end(ap);
    }
    b->len += (size_t)n;
}
/* JSON string with escaping of ", \ and control characters (UTF-8 passes through) */
static void b_json(struct buf *b, const unsigned char *s, int n) {
    b_reserve(b, (size_t)n * 6 + 2);
    char *o = b->p + b->len;
    *o++ = '"';
    for (int i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') { *o++ = '\\'; *o++ = (char)c; }
        else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            *o++ = '\\'; *o++ = 'u'; *o++ = '0'; *o++ = '0'; *o++ = hex[c >> 4]; *o++ = hex[c & 15];
        } else *o++ = (char)c;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->p);
}

/* ---- per-thread SQLite state ----------------------------------------------------------- */
enum { S_GET, S_LIST, S_INSERT, S_UPDATE, S_BEGIN, S_COMMIT, S_ROLLBACK, S_N };
static const char *sqls[S_N] = {
    [S_GET] = "SELECT id,title,amount,status,due,note FROM cases WHERE id=?1",
    [S_LIST] = "SELECT id,title,amount,status,due,note FROM cases WHERE status=?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    [S_INSERT] = "INSERT INTO cases(title,amount,status,due,note) VALUES(?1,?2,?3,?4,?5)",
    [S_UPDATE] = "UPDATE cases SET title=coalesce(?1,title),amount=coalesce(?2,amount),status=coalesce(?3,status),"
                 "due=coalesce(?4,due),note=coalesce(?5,note) WHERE id=?6",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
};
struct tctx { sqlite3 *db; sqlite3_stmt *st[S_N]; };
static __thread struct tctx *T;

static struct tctx *ctx(void) {
    if (T) return T;
    struct tctx *t = calloc(1, sizeof *t);
    if (sqlite3_open_v2(db_path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fprintf(stderr, "open %s: %s\n", db_path, sqlite3_errmsg(t->db)); exit(1);
    }
    sqlite3_busy_timeout(t->db, 5000);
    char pragma[160];
    snprintf(pragma, sizeof pragma, "PRAGMA journal_mode=%s; PRAGMA synchronous=%s; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;",
             journal_mode, sync_mode);
    char *err = NULL;
    if (sqlite3_exec(t->db, pragma, NULL, NULL, &err) != SQLITE_OK) { fprintf(stderr, "pragma: %s\n", err); exit(1); }
    for (int i = 0; i < S_N; i++)
        if (sqlite3_prepare_v3(t->db, sqls[i], -1, SQLITE_PREPARE_PERSISTENT, &t->st[i], NULL) != SQLITE_OK) {
            fprintf(stderr, "prepare %s: %s\n", sqls[i], sqlite3_errmsg(t->db)); exit(1);
        }
    T = t;
    return t;
}

/* kintone-shaped record object from the current row of st */
static void record_json(struct buf *b, sqlite3_stmt *st) {
    b_fmt(b, "{\"$id\":{\"type\":\"__ID__\",\"value\":\"%lld\"},\"title\":{\"type\":\"SINGLE_LINE_TEXT\",\"value\":",
          (long long)sqlite3_column_int64(st, 0));
    b_json(b, sqlite3_column_text(st, 1), sqlite3_column_bytes(st, 1));
    b_fmt(b, "},\"amount\":{\"type\":\"NUMBER\",\"value\":\"%lld\"},\"status\":{\"type\":\"DROP_DOWN\",\"value\":",
          (long long)sqlite3_column_int64(st, 2));
    b_json(b, sqlite3_column_text(st, 3), sqlite3_column_bytes(st, 3));
    b_str(b, "},\"due\":{\"type\":\"DATE\",\"value\":");
    b_json(b, sqlite3_column_text(st, 4), sqlite3_column_bytes(st, 4));
    b_str(b, "},\"note\":{\"type\":\"MULTI_LINE_TEXT\",\"value\":");
    b_json(b, sqlite3_column_text(st, 5), sqlite3_column_bytes(st, 5));
    b_str(b, "}}");
}

/* ---- tiny request-body scanner ---------------------------------------------------------- */
/* find "name":{ ... "value": <string|number> inside [s,e); copy the raw value (unescaped) */
static int field_value(const char *s, const char *e, const char *name, char *out, size_t outsz) {
    char key[48];
    int kl = snprintf(key, sizeof key, "\"%s\"", name);
    const char *p = s;
    while ((p = memmem(p, (size_t)(e - p), key, (size_t)kl)) != NULL) {
        p += kl;
        while (p < e && (*p == ' ' || *p == ':')) p++;
        if (p < e && *p == '{') break;
    }
    if (!p) return 0;
    const char *v = memmem(p, (size_t)(e - p), "\"value\"", 7);
    if (!v) return 0;
    v += 7;
    while (v < e && (*v == ' ' || *v == ':')) v++;
    size_t o = 0;
    if (v < e && *v == '"') {
        for (v++; v < e && *v != '"' && o + 1 < outsz; v++) {
            if (*v == '\\' && v + 1 < e) { v++; out[o++] = (*v == 'n') ? '\n' : (*v == 't') ? '\t' : *v; }
            else out[o++] = *v;
        }
    } else {
        while (v < e && *v != ',' && *v != '}' && o + 1 < outsz) out[o++] = *v++;
    }
    out[o] = 0;
    return 1;
}

/* end of the JSON object starting at p ('{'), honouring strings */
static const char *object_end(const char *p, const char *e) {
    int depth = 0, instr = 0;
    for (; p < e; p++) {
        if (instr) { if (*p == '\\') p++; else if (*p == '"') instr = 0; continue; }
        if (*p == '"') instr = 1;
        else if (*p == '{') depth++;
        else if (*p == '}' && --depth == 0) return p + 1;
    }
    return NULL;
}

/* bind the 5 fields found in record object [s,e) to st (NULL where absent) */
static void bind_fields(sqlite3_stmt *st, const char *s, const char *e) {
    static const char *names[5] = { "title", "amount", "status", "due", "note" };
    char v[4096];
    for (int i = 0; i < 5; i++) {
        if (!field_value(s, e, names[i], v, sizeof v)) sqlite3_bind_null(st, i + 1);
        else if (i == 1) sqlite3_bind_int64(st, i + 1, strtoll(v, NULL, 10));
        else sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
    }
}

/* ---- HTTP ------------------------------------------------------------------------------- */
struct req { struct buf body; };

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned code, struct buf *b, const char *ctype) {
    struct MHD_Response *r = MHD_create_response_from_buffer(b->len, b->p, MHD_RESPMEM_MUST_FREE);
    b->p = NULL; b->len = b->cap = 0;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}
static enum MHD_Result send_err(struct MHD_Connection *c, unsigned code, const char *msg) {
    struct buf b = {0};
    b_str(&b, "{\"code\":\"FLOOR\",\"message\":"); b_json(&b, (const unsigned char *)msg, (int)strlen(msg)); b_str(&b, "}");
    return send_buf(c, code, &b, "application/json");
}

static enum MHD_Result get_record(struct MHD_Connection *c) {
    const char *ids = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "id");
    if (!ids) return send_err(c, 400, "id required");
    struct tctx *t = ctx();
    sqlite3_stmt *st = t->st[S_GET];
    sqlite3_bind_int64(st, 1, strtoll(ids, NULL, 10));
    struct buf b = {0};
    unsigned code = 200;
    if (sqlite3_step(st) == SQLITE_ROW) { b_str(&b, "{\"record\":"); record_json(&b, st); b_str(&b, "}"); }
    else { code = 404; b_str(&b, "{\"code\":\"GAIA_RE01\",\"message\":\"record not found\"}"); }
    sqlite3_reset(st);
    return send_buf(c, code, &b, "application/json");
}

static enum MHD_Result list_records(struct MHD_Connection *c) {
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "query");
    if (!q) return send_err(c, 400, "query required");
    /* status = "X" order by $id desc limit L offset O */
    char status[64] = "";
    long limit = 100, offset = 0;
    const char *p = strstr(q, "status");
    if (p && (p = strchr(p, '"'))) { size_t n = strcspn(p + 1, "\""); if (n < sizeof status) { memcpy(status, p + 1, n); status[n] = 0; } }
    if ((p = strstr(q, "limit "))) limit = strtol(p + 6, NULL, 10);
    if ((p = strstr(q, "offset "))) offset = strtol(p + 7, NULL, 10);
    if (limit > 500) limit = 500;
    struct tctx *t = ctx();
    sqlite3_stmt *st = t->st[S_LIST];
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    struct buf b = {0};
    b_str(&b, "{\"records\":[");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) { if (n++) b_put(&b, ",", 1); record_json(&b, st); }
    sqlite3_reset(st);
    b_str(&b, "],\"totalCount\":null}");
    return send_buf(c, 200, &b, "application/json");
}

static int txn(struct tctx *t, int which) { int rc = sqlite3_step(t->st[which]); sqlite3_reset(t->st[which]); return rc == SQLITE_DONE; }

static enum MHD_Result write_records(struct MHD_Connection *c, const char *method, int many, struct buf *in) {
    struct tctx *t = ctx();
    const char *s = in->p ? in->p : "", *e = s + in->len;
    struct buf b = {0};
    if (!txn(t, S_BEGIN)) return send_err(c, 500, sqlite3_errmsg(t->db));
    if (!strcmp(method, "PUT") && !many) {
        const char *idp = memmem(s, (size_t)(e - s), "\"id\"", 4);
        long long id = idp ? strtoll(idp + 4 + strspn(idp + 4, " :\""), NULL, 10) : 0;
        const char *r = memmem(s, (size_t)(e - s), "\"record\"", 8);
        const char *ro = r ? memchr(r, '{', (size_t)(e - r)) : NULL;
        const char *re = ro ? object_end(ro, e) : NULL;
        if (!id || !re) { txn(t, S_ROLLBACK); return send_err(c, 400, "id and record required"); }
        sqlite3_stmt *st = t->st[S_UPDATE];
        bind_fields(st, ro, re);
        sqlite3_bind_int64(st, 6, id);
        int rc = sqlite3_step(st); sqlite3_reset(st);
        if (rc != SQLITE_DONE || sqlite3_changes(t->db) != 1) { txn(t, S_ROLLBACK); return send_err(c, 404, "record not found"); }
        b_str(&b, "{\"revision\":\"2\"}");
    } else {
        const char *arr = many ? memmem(s, (size_t)(e - s), "\"records\"", 9) : memmem(s, (size_t)(e - s), "\"record\"", 8);
        const char *p = arr ? memchr(arr, many ? '[' : '{', (size_t)(e - arr)) : NULL;
        if (!p) { txn(t, S_ROLLBACK); return send_err(c, 400, "record(s) required"); }
        b_str(&b, many ? "{\"ids\":[" : "{\"id\":");
        int n = 0;
        if (many) p++;
        while (p && p < e) {
            const char *ro = memchr(p, '{', (size_t)(e - p));
            const char *re = ro ? object_end(ro, e) : NULL;
            if (!re) break;
            sqlite3_stmt *st = t->st[S_INSERT];
            bind_fields(st, ro, re);
            int rc = sqlite3_step(st); sqlite3_reset(st);
            if (rc != SQLITE_DONE) { txn(t, S_ROLLBACK); free(b.p); return send_err(c, 500, sqlite3_errmsg(t->db)); }
            b_fmt(&b, "%s\"%lld\"", n++ ? "," : "", (long long)sqlite3_last_insert_rowid(t->db));
            if (!many) break;
            p = re;
        }
        b_str(&b, many ? "]}" : ",\"revision\":\"1\"}");
    }
    if (!txn(t, S_COMMIT)) { txn(t, S_ROLLBACK); free(b.p); return send_err(c, 500, sqlite3_errmsg(t->db)); }
    return send_buf(c, 200, &b, "application/json");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls) {
    (void)cls; (void)version;
    int is_get = !strcmp(method, "GET");
    /* FLOOR_KEEPALIVE=1: answer on the second call, once the whole request has been read */
    if (is_get && keepalive && *con_cls == NULL) { *con_cls = (void *)&keepalive; return MHD_YES; }
    if (is_get && *con_cls == (void *)&keepalive) *con_cls = NULL;
    if (is_get) {
        if (!strcmp(url, "/hello")) {
            static char hello[] = "hello\n";
            struct MHD_Response *r = MHD_create_response_from_buffer(6, hello, MHD_RESPMEM_PERSISTENT);
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
            enum MHD_Result ret = MHD_queue_response(c, 200, r);
            MHD_destroy_response(r);
            return ret;
        }
        if (!strcmp(url, "/k/v1/record.json")) return get_record(c);
        if (!strcmp(url, "/k/v1/records.json")) return list_records(c);
        return send_err(c, 404, "not found");
    }
    /* POST / PUT: accumulate the body first */
    struct req *rq = *con_cls;
    if (!rq) { rq = calloc(1, sizeof *rq); *con_cls = rq; return MHD_YES; }
    if (*upload_size) { b_put(&rq->body, upload, *upload_size); *upload_size = 0; return MHD_YES; }
    int many = !strcmp(url, "/k/v1/records.json");
    if (!many && strcmp(url, "/k/v1/record.json")) return send_err(c, 404, "not found");
    if (strcmp(method, "POST") && !(strcmp(method, "PUT") == 0 && !many)) return send_err(c, 405, "method not allowed");
    return write_records(c, method, many, &rq->body);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
    (void)cls; (void)c; (void)toe;
    struct req *rq = *con_cls;
    if (rq == (void *)&keepalive) rq = NULL;   /* a GET marker, not an allocation */
    if (rq) { free(rq->body.p); free(rq); }
    *con_cls = NULL;
}

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s DB_PATH [PORT=8090] [THREADS=2]\n", argv[0]); return 2; }
    db_path = argv[1];
    int port = argc > 2 ? atoi(argv[2]) : 8090;
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    if (getenv("FLOOR_JOURNAL")) journal_mode = getenv("FLOOR_JOURNAL");
    if (getenv("FLOOR_SYNC")) sync_mode = getenv("FLOOR_SYNC");
    keepalive = getenv("FLOOR_KEEPALIVE") && !strcmp(getenv("FLOOR_KEEPALIVE"), "1");
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, (uint16_t)port, NULL, NULL,
        handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!d) { fprintf(stderr, "cannot start daemon on 127.0.0.1:%d\n", port); return 1; }
    fprintf(stderr, "floor: 127.0.0.1:%d threads=%d db=%s journal=%s synchronous=%s keepalive=%d sqlite=%s mhd=%s\n",
            port, threads, db_path, journal_mode, sync_mode, keepalive, sqlite3_libversion(), MHD_get_version());
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    while (!stop) pause();
    MHD_stop_daemon(d);
    return 0;
}
