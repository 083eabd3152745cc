/*
 * seal: the access log's signing key and its signed checkpoints. The Ed25519 key pair
 * lives in <data>/keys/ (audit-ed25519.key: the secret, mode 0400, readable only by the
 * user daicho runs as, never logged; audit-ed25519.pub: the public key, hex). A
 * checkpoint signs the chain head: (last entry id, its chain hash, entry count, time,
 * reason) as the text of seal_message(). Checkpoints are stored in the database and
 * exported for the auditor as a small JSON file (docs/AUDIT.md).
 */
#ifndef DAICHO_AUDIT_SEAL_H
#define DAICHO_AUDIT_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;
struct audit_checkpoint;

/* Loads the key pair from data_dir/keys, creating it when create and absent. */
int seal_open(const char *data_dir, bool create, struct err *e);
/* Loads only the public key (audit-ed25519.pub), for verifying without the secret. */
int seal_open_public(const char *data_dir, struct err *e);
/* The public key (64 hex digits), or NULL before seal_open. */
const char *seal_public_hex(void);
/* Forgets the secret key. */
void seal_close(void);
/* The signed text of a checkpoint. */
void seal_message(const struct audit_checkpoint *c, struct buf *out);
/* True when c carries a valid signature by its own public key. */
bool seal_check(const struct audit_checkpoint *c);
/*
 * Signs and stores a checkpoint of the chain head now (reason: scheduled, manual,
 * purge). With only_if_new, does nothing (*made false) when the newest checkpoint
 * already covers the head, or when the log is still empty. Opens its own transaction level.
 */
int seal_checkpoint(struct store *st, const char *reason, bool only_if_new,
		    struct audit_checkpoint *out, bool *made, struct err *e);
/* Signs and stores a checkpoint of an entry (the purge's anchor). */
int seal_entry(struct store *st, int64_t entry_id, const char *hash, int64_t count,
	       const char *reason, struct audit_checkpoint *out, struct err *e);
/* A checkpoint as the exported JSON object. */
void seal_json(const struct audit_checkpoint *c, struct buf *out);
/* Reads an exported checkpoint file; false with a reason in msg when it is not one. */
bool seal_read_file(const char *path, struct audit_checkpoint *c, char *msg, size_t size);

#endif
