/*
 * emit: joins the compiled conditions into one WHERE expression whose shape SQLite
 * can parse whatever the and/or tree looks like.
 *
 * Two SQLite limits matter. Its LALR parser has a fixed stack (about 100 entries):
 * every "(" that follows an operand ("a AND (") costs about three entries until it
 * closes, a "(" at the start of an operand costs one. And an expression tree may be
 * at most 1000 levels deep; a flat "a OR b OR c ..." is as deep as it is long. So:
 *
 * - Within an and/or node, groups (child nodes) come first, heaviest first, then the
 *   plain conditions in their written order. The heaviest group then opens with a
 *   bare "(" and costs one stack entry per level; AND inside OR needs no parentheses.
 *   (AND and OR are commutative; no SQL function here has side effects.)
 * - A node's items are joined flat when there are few of them (8 conditions, or 3
 *   items when groups are among them); beyond that the first item is followed by
 *   K-1 parenthesised chunks of the rest, recursively, so both the stack and the tree
 *   depth grow with the logarithm of the width.
 *
 * A bottom-up pass estimates each node's stack need and tree height under exactly this
 * shape; the estimate orders the children, and a final check refuses (E_QUERY_LIMITS)
 * any query whose estimate exceeds what is known to parse, which the parser's own bounds
 * should make unreachable. tests/unit/query checks the worst shapes against SQLite.
 */
#include "query/query_int.h"

#include <string.h>

#include "core/arena.h"

enum {
	K_LEAF = 8,		/* flat run of plain conditions */
	K_MIX = 3,		/* flat run when groups are present */
	STACK_BUDGET = 64,	/* estimated parser stack entries allowed (SQLite: ~95) */
	HEIGHT_BUDGET = 250,	/* estimated expression height allowed (SQLite: 1000) */
};

struct metric {
	int need;		/* parser stack entries */
	int height;		/* expression tree height */
};

struct emitter {
	struct arena *a;
	struct qsb sql;			/* the WHERE text */
	struct query_param *params;	/* its parameters */
	size_t n_params, cap;
};

static void leaf_metric(const struct qnode *n, struct metric *m)
{
	/* Measured against SQLite 3.40: a plain comparison or in-list, and each EXISTS. */
	m->need = 6 + 10 * n->exists;
	m->height = 4 + 5 * n->exists;
}

static bool has_group(struct qnode **u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (u[i]->kind != QN_COND)
			return true;
	return false;
}

static void put(struct emitter *em, const char *s)
{
	if (em)
		qsb_puts(&em->sql, s);
}

static void node_body(struct emitter *em, struct qnode *n, struct metric *m);

/* One item of a node joined by parent: a condition or a (possibly parenthesised) group. */
static void item(struct emitter *em, struct qnode *u, enum qnode_kind parent, struct metric *m)
{
	if (u->kind == QN_COND) {
		leaf_metric(u, m);
		if (em == NULL)
			return;
		qsb_puts(&em->sql, u->sql);
		if (u->n_params == 0)
			return;
		if (em->n_params + u->n_params > em->cap) {
			size_t cap = em->cap ? em->cap : 16;
			while (cap < em->n_params + u->n_params)
				cap *= 2;
			em->params = arena_grow(em->a, em->params, em->n_params, cap,
						sizeof *em->params);
			em->cap = cap;
		}
		memcpy(em->params + em->n_params, u->params, u->n_params * sizeof *u->params);
		em->n_params += u->n_params;
		return;
	}
	bool paren = !(u->kind == QN_AND && parent == QN_OR);
	put(em, paren ? "(" : "");
	if (em != NULL)
		node_body(em, u, m);
	put(em, paren ? ")" : "");
	m->need = u->need + (paren ? 1 : 0);
	m->height = u->height;
}

/*
 * Joins u[0..n) with the node's operator: flat up to k items, else u[0] and k-1
 * parenthesised chunks. With em NULL only computes the metric.
 */
static void run(struct emitter *em, struct qnode **u, size_t n, enum qnode_kind op, size_t k,
		struct metric *m)
{
	size_t n_el = n <= k ? n : k, at = 0;
	size_t rest = n - 1, chunks = k - 1;
	m->need = m->height = 0;
	for (size_t i = 0; i < n_el; i++) {
		size_t size = 1;
		struct metric el;
		if (n > k && i > 0)
			size = rest / chunks + (i - 1 < rest % chunks ? 1 : 0);
		if (i > 0)
			put(em, op == QN_AND ? " AND " : " OR ");
		if (size == 1) {
			item(em, u[at], op, &el);
		} else {
			put(em, "(");
			run(em, u + at, size, op, k, &el);
			put(em, ")");
			el.need += 1;
		}
		at += size;
		/* After the first item the stack holds the left operand and the operator. */
		int need = el.need + (i > 0 ? 2 : 0);
		/* A left-associative run puts item i at depth n_el - i (the first at n_el - 1). */
		int height = el.height + (int)(i == 0 ? n_el - 1 : n_el - i);
		if (need > m->need)
			m->need = need;
		if (height > m->height)
			m->height = height;
	}
}

static void node_body(struct emitter *em, struct qnode *n, struct metric *m)
{
	run(em, n->kids, n->n_kids, n->kind, has_group(n->kids, n->n_kids) ? K_MIX : K_LEAF, m);
}

/* Groups first by need (descending), then conditions; stable. */
static bool before(const struct qnode *x, const struct qnode *y)
{
	int kx = x->kind == QN_COND ? -1 : x->need, ky = y->kind == QN_COND ? -1 : y->need;
	return kx > ky;
}

static void sort_kids(struct arena *a, struct qnode **v, size_t n)
{
	/* Bottom-up merge sort; stable, n log n even for a thousand children. */
	struct qnode **tmp = arena_alloc(a, n * sizeof *tmp), **src = v, **dst = tmp;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				dst[o++] = before(src[j], src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		struct qnode **t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
}

/* Bottom-up: orders every node's children and records its metric. */
static void measure(struct arena *a, struct qnode *n)
{
	struct metric m;
	if (n->kind == QN_COND) {
		leaf_metric(n, &m);
	} else {
		for (size_t i = 0; i < n->n_kids; i++)
			measure(a, n->kids[i]);
		sort_kids(a, n->kids, n->n_kids);
		node_body(NULL, n, &m);
	}
	n->need = m.need;
	n->height = m.height;
}

int query_emit_where(struct arena *a, struct qnode *root, struct query_plan *out,
		     struct err *e)
{
	struct emitter em = {.a = a};
	struct metric m;
	out->where = NULL;
	out->params = NULL;
	out->n_params = 0;
	if (root == NULL)
		return 0;
	measure(a, root);
	if (root->need > STACK_BUDGET || root->height > HEIGHT_BUDGET)
		return query_err_limits(e, 0);
	qsb_init(&em.sql, a);
	if (root->kind == QN_COND)
		item(&em, root, QN_AND, &m);
	else
		node_body(&em, root, &m);
	out->where = qsb_str(&em.sql);
	out->params = em.params;
	out->n_params = em.n_params;
	return 0;
}
