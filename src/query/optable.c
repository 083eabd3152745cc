/*
 * optable: which operators, functions and sort keys each field type allows
 * (kintone-api.md §6.2), kept as data, and the names of the query functions.
 */
#include "query/query_int.h"

#include <string.h>
#include <strings.h>

#define CMP (QOPS_EQ | QOPS_ORD)

static const struct {
	unsigned ops;		/* QOPS_ bits at the top level */
	unsigned funcs;		/* QFNS_ bits */
	bool sortable;		/* may be an order by key (top level only) */
} types[FT__COUNT] = {
	[FT_RECORD_NUMBER] = {CMP | QOPS_IN, 0, true},
	[FT_ID] = {CMP | QOPS_IN, 0, true},
	[FT_REVISION] = {CMP | QOPS_IN, 0, true},
	[FT_CREATOR] = {QOPS_IN, QFNS_USER, true},
	[FT_MODIFIER] = {QOPS_IN, QFNS_USER, true},
	[FT_CREATED_TIME] = {CMP, QFNS_DATE | QFNS_NOW, true},
	[FT_UPDATED_TIME] = {CMP, QFNS_DATE | QFNS_NOW, true},
	[FT_DATETIME] = {CMP, QFNS_DATE | QFNS_NOW, true},
	[FT_DATE] = {CMP, QFNS_DATE, true},
	[FT_TIME] = {CMP, 0, true},
	[FT_SINGLE_LINE_TEXT] = {QOPS_EQ | QOPS_IN | QOPS_LIKE, 0, true},
	[FT_LINK] = {QOPS_EQ | QOPS_IN | QOPS_LIKE, 0, true},
	[FT_NUMBER] = {CMP | QOPS_IN, 0, true},
	[FT_MULTI_LINE_TEXT] = {QOPS_LIKE | QOPS_EMPTY, 0, false},
	[FT_RICH_TEXT] = {QOPS_LIKE | QOPS_EMPTY, 0, false},
	[FT_CHECK_BOX] = {QOPS_IN, 0, false},
	[FT_MULTI_SELECT] = {QOPS_IN, 0, false},
	[FT_RADIO_BUTTON] = {QOPS_IN, 0, true},
	[FT_DROP_DOWN] = {QOPS_IN, 0, true},
	[FT_FILE] = {QOPS_LIKE | QOPS_EMPTY, 0, false},
	[FT_USER_SELECT] = {QOPS_IN, QFNS_USER, false},
	[FT_SUBTABLE] = {0, 0, false},
};

unsigned query_type_ops(enum field_type t, bool inner)
{
	if ((int)t < 0 || t >= FT__COUNT)
		return 0;
	unsigned ops = types[t].ops;
	/* Inside a SUBTABLE, = and != give way to in and not in. */
	if (inner && (ops & QOPS_EQ))
		ops = (ops & ~(unsigned)QOPS_EQ) | QOPS_IN;
	return ops;
}

unsigned query_type_funcs(enum field_type t)
{
	return (int)t < 0 || t >= FT__COUNT ? 0 : types[t].funcs;
}

bool query_type_sortable(enum field_type t)
{
	return (int)t >= 0 && t < FT__COUNT && types[t].sortable;
}

unsigned query_op_class(enum qop op)
{
	switch (op) {
	case QOP_EQ: case QOP_NE:
		return QOPS_EQ;
	case QOP_LT: case QOP_GT: case QOP_LE: case QOP_GE:
		return QOPS_ORD;
	case QOP_IN: case QOP_NOT_IN:
		return QOPS_IN;
	case QOP_LIKE: case QOP_NOT_LIKE:
		return QOPS_LIKE;
	default:
		return QOPS_EMPTY;
	}
}

static const char *const func_names[QF__COUNT] = {
	[QF_LOGINUSER] = "LOGINUSER",
	[QF_PRIMARY_ORGANIZATION] = "PRIMARY_ORGANIZATION",
	[QF_NOW] = "NOW",
	[QF_TODAY] = "TODAY",
	[QF_YESTERDAY] = "YESTERDAY",
	[QF_TOMORROW] = "TOMORROW",
	[QF_FROM_TODAY] = "FROM_TODAY",
	[QF_THIS_WEEK] = "THIS_WEEK",
	[QF_LAST_WEEK] = "LAST_WEEK",
	[QF_NEXT_WEEK] = "NEXT_WEEK",
	[QF_THIS_MONTH] = "THIS_MONTH",
	[QF_LAST_MONTH] = "LAST_MONTH",
	[QF_NEXT_MONTH] = "NEXT_MONTH",
	[QF_THIS_YEAR] = "THIS_YEAR",
	[QF_LAST_YEAR] = "LAST_YEAR",
	[QF_NEXT_YEAR] = "NEXT_YEAR",
};

unsigned query_func_class(enum qfunc f)
{
	switch (f) {
	case QF_LOGINUSER:
		return QFNS_USER;
	case QF_NOW:
		return QFNS_NOW;
	case QF_NONE: case QF_PRIMARY_ORGANIZATION: case QF__COUNT:
		return 0;
	default:
		return QFNS_DATE;
	}
}

const char *query_func_name(enum qfunc f)
{
	return (int)f > 0 && f < QF__COUNT ? func_names[f] : "";
}

enum qfunc query_func_lookup(const char *name, size_t len)
{
	for (int f = 1; f < QF__COUNT; f++)
		if (strlen(func_names[f]) == len && strncasecmp(func_names[f], name, len) == 0)
			return (enum qfunc)f;
	return QF_NONE;
}
