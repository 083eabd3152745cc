/*
 * chain: the access log's hash chain. Every entry stores
 *     hash_i = SHA-256(raw(hash_{i-1}) || canonical(entry_i))
 * where hash_0 is the anchor's hash (32 zero bytes when the chain starts) and
 * canonical() is the one encoding defined here (docs/AUDIT.md): the version tag and then
 * each column in table order as a netstring "<length>:<bytes>,", integers in decimal
 * (0 for none). The entry's id is not encoded: its place in the chain is.
 *
 * Both writers of access_log (the write transaction in http/dispatch.c through
 * audit/accesslog.c, and the journal ingester audit/journal.c) append through
 * chain_append, inside a write transaction, so one writer at a time reads the head and
 * appends the next entry with id = head + 1.
 */
#ifndef DAICHO_AUDIT_CHAIN_H
#define DAICHO_AUDIT_CHAIN_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

struct store;
struct log_entry;

#define CHAIN_VERSION "daicho-log-1"
#define CHAIN_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends the canonical encoding of l to out. */
void chain_encode(const struct log_entry *l, struct buf *out);
/* The chain hash of l after prev (64 hex digits) into out (65 bytes); false when prev is
 * not 64 hex digits. */
bool chain_hash(const char *prev, const struct log_entry *l, char *out);
/* Appends l with its id and chain hash; inside the caller's write transaction. */
int chain_append(struct store *st, const struct log_entry *l, struct err *e);

#endif
