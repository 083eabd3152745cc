/*
 * audit: `daicho audit ...`, the auditor's and administrator's side of the access log's
 * tamper evidence (docs/AUDIT.md): verify the chain (against an exported checkpoint
 * too), make and export a signed checkpoint, print the public key, purge old entries.
 * Runs as the server's OS user, which alone can read the signing key.
 */
#include "cli/cli.h"
#include "cli/common.h"
#include "audit/retention.h"
#include "audit/seal.h"
#include "audit/verify.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/strutil.h"
#include "store/audit.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(FILE *f)
{
	fprintf(f, "usage: daicho audit <action> [options]   (plus --config FILE, --data DIR)\n\n"
		   "  verify [--checkpoint FILE] [--key HEX] [--json]\n"
		   "        recompute the access log's hash chain and check every signed checkpoint\n"
		   "        (and FILE, a checkpoint exported earlier and kept elsewhere); names the\n"
		   "        first entry changed, removed, inserted or reordered, and a truncated\n"
		   "        tail; exit status 0 when intact, 1 when not. --key: the public key the\n"
		   "        auditor holds on record (default: the server's own); needs no secret\n"
		   "  checkpoint [--out FILE]\n"
		   "        sign the chain head now and print it (or write FILE) as JSON with the\n"
		   "        public key and signature: keep the file away from this server\n"
		   "  key   print the public key (hex) checkpoints are signed with\n"
		   "  purge --before YYYY-MM-DD\n"
		   "        delete entries older than the day (UTC) behind a signed anchor, after a\n"
		   "        checkpoint; the purge itself is logged\n");
}

static void json_report(const struct verify_report *r, struct buf *b)
{
	buf_printf(b, "{\"ok\":%s,\"entries\":%lld,\"first_id\":%lld,\"last_id\":%lld,"
		      "\"anchor\":{\"entry_id\":%lld,\"hash\":\"%s\",\"count\":%lld},"
		      "\"checkpoints\":%lld,\"problems\":[",
		   r->n ? "false" : "true", (long long)r->entries, (long long)r->first_id,
		   (long long)r->last_id, (long long)r->anchor.entry_id, r->anchor.hash,
		   (long long)r->anchor.count, (long long)r->checkpoints);
	for (size_t i = 0; i < r->n; i++) {
		const struct verify_problem *p = &r->problems[i];
		struct buf d;
		buf_init(&d, 0);
		verify_describe(p, &d);
		buf_printf(b, "%s{\"kind\":\"%s\",\"entry_id\":%lld,\"other_id\":%lld,"
			      "\"checkpoint_id\":%lld,\"message\":\"%s\"}",
			   i ? "," : "", verify_kind_name(p->kind), (long long)p->entry_id,
			   (long long)p->other_id, (long long)p->checkpoint_id, buf_str(&d));
		buf_free(&d);
	}
	buf_puts(b, "]}\n");
}

static int do_verify(struct store *st, const char *file, const char *key, bool json)
{
	struct audit_checkpoint ext;
	struct verify_report r;
	struct err e;
	char msg[700];
	err_init(&e, NULL);
	if (file && !seal_read_file(file, &ext, msg, sizeof msg)) {
		fprintf(stderr, "daicho audit verify: %s\n", msg);
		return 2;
	}
	if (verify_log(st, file ? &ext : NULL, key ? key : seal_public_hex(), &r, &e) != 0) {
		cli_print_err("audit verify", &e);
		return 1;
	}
	struct buf b;
	buf_init(&b, 0);
	if (json) {
		json_report(&r, &b);
	} else {
		buf_printf(&b, "access log: %lld chained entries checked (entries %lld to %lld), "
			       "chain starts after entry %lld\n",
			   (long long)r.entries, (long long)r.first_id, (long long)r.last_id,
			   (long long)r.anchor.entry_id);
		buf_printf(&b, "checkpoints: %lld checked%s\n", (long long)r.checkpoints,
			   file ? " (the file given included)" : "");
		for (size_t i = 0; i < r.n; i++) {
			buf_printf(&b, "%s %s: ", i == 0 ? "FIRST PROBLEM" : "problem",
				   verify_kind_name(r.problems[i].kind));
			verify_describe(&r.problems[i], &b);
			buf_putc(&b, '\n');
		}
		buf_puts(&b, r.n ? "result: NOT INTACT\n" : "result: intact\n");
	}
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	return r.n ? 1 : 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	int rc = w == (ssize_t)n && fsync(fd) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

static bool valid_day(const char *d)
{
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return false;
	return true;
}

int cmd_audit(int argc, char **argv)
{
	struct config c;
	struct store *st;
	struct err e;
	if (cli_load_config(&c, &argc, argv) != 0)
		return 2;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *action = argv[1], *file = NULL, *out = NULL, *before = NULL, *key = NULL;
	bool json = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--checkpoint") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--before") == 0 && i + 1 < argc)
			before = argv[++i];
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
		else {
			fprintf(stderr, "daicho audit: unknown option \"%s\" (see --help)\n", argv[i]);
			return 2;
		}
	}
	if (strcmp(action, "verify") && strcmp(action, "checkpoint") && strcmp(action, "key") &&
	    strcmp(action, "purge")) {
		help(stderr);
		return 2;
	}
	if (strcmp(action, "purge") == 0 && (before == NULL || !valid_day(before))) {
		fprintf(stderr, "daicho audit purge: give --before YYYY-MM-DD\n");
		return 2;
	}
	if (cli_open(&c, &st) != 0)
		return 1;
	err_init(&e, NULL);
	if (key && (strlen(key) != 64 || strspn(key, "0123456789abcdef") != 64)) {
		fprintf(stderr, "daicho audit verify: --key takes the public key as 64 lowercase hex digits\n");
		return 2;
	}
	/* verify needs only the public key; the others may create the pair on a new
	 * installation. */
	if (strcmp(action, "verify") == 0) {
		seal_open_public(c.data, &e);
	} else if (seal_open(c.data, true, &e) != 0) {
		cli_print_err("audit: the signing key", &e);
		return 1;
	}
	int rc = 0;
	if (strcmp(action, "verify") == 0) {
		rc = do_verify(st, file, key, json);
	} else if (strcmp(action, "key") == 0) {
		printf("%s\n", seal_public_hex());
	} else if (strcmp(action, "checkpoint") == 0) {
		struct audit_checkpoint cp;
		bool made;
		struct buf b;
		if (seal_checkpoint(st, "manual", false, &cp, &made, &e) != 0) {
			cli_print_err("audit checkpoint", &e);
			return 1;
		}
		buf_init(&b, 0);
		seal_json(&cp, &b);
		if (out == NULL) {
			fputs(buf_str(&b), stdout);
		} else if (write_file(out, buf_str(&b)) != 0) {
			fprintf(stderr, "daicho audit checkpoint: cannot write %s\n", out);
			rc = 1;
		} else {
			fprintf(stderr, "daicho: checkpoint %lld (entry %lld, %lld entries) written to %s;"
					" keep it away from this server\n",
				(long long)cp.id, (long long)cp.entry_id, (long long)cp.count, out);
		}
		buf_free(&b);
	} else {
		struct purge_result pr;
		if (retention_purge(st, before, cli_os_user(), "cli", false, &pr, &e) != 0) {
			cli_print_err("audit purge", &e);
			return 1;
		}
		printf("daicho: purged %lld entries before %s; the chain now starts after entry %lld"
		       " (checkpoint %lld made first)\n",
		       (long long)pr.deleted, before, (long long)pr.anchor_id, (long long)pr.checkpoint_id);
	}
	seal_close();
	store_thread_close();
	return rc;
}
