/* store/maintain: periodic housekeeping of the data directory (see maintain.c). */
#ifndef DAICHO_STORE_MAINTAIN_H
#define DAICHO_STORE_MAINTAIN_H

#include "store/store.h"

struct maintain_stats {
	int64_t uploads;	/* unattached uploads removed */
	int64_t blobs;		/* file contents removed from disk */
};

/* Removes what has expired at `now`; at most 64 file contents per call. */
int store_maintain(struct store *st, int64_t now, struct maintain_stats *out, struct err *e);

#endif
