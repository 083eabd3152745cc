/*
 * cidr: address ranges for the API allow-list (policy "api.allow", RULES.md row 5 and
 * Kuki 第27条; kintone's IP restriction). Pure: parses text, compares bytes, no I/O.
 *
 * A list is comma-separated CIDRs, IPv4 ("192.0.2.0/24") or IPv6 ("2001:db8::/32"); a
 * bare address means a single host. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match
 * IPv4 ranges, since a dual-stack socket reports IPv4 clients that way.
 */
#ifndef DAICHO_RULES_CIDR_H
#define DAICHO_RULES_CIDR_H

#include <stdbool.h>
#include <stddef.h>

struct cidr {
	unsigned char addr[16];	/* network address; IPv4 in the first 4 bytes */
	int family;		/* 4 or 6 */
	int prefix;		/* 0..32 (IPv4) or 0..128 (IPv6) */
};

/* Parses one CIDR (or bare address) of n bytes; 0 on success, -1 when malformed. */
int cidr_parse(const char *text, size_t n, struct cidr *out);
/* True when the address text addr lies in c (false when addr is not an address). */
bool cidr_contains(const struct cidr *c, const char *addr);
/* 0 when every entry of the comma-separated list parses (an empty list is valid). */
int cidr_list_valid(const char *list);
/* True when addr lies in any range of the list; malformed entries match nothing. */
bool cidr_list_contains(const char *list, const char *addr);

#endif
