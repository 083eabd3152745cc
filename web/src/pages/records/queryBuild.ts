// Writing (and reading back) kintone's record query language, as docs/QUERY.md defines
// it, for the filter builder, the quick search and the sort headers. Pure functions: no
// DOM, no requests. The builder's model is one level of groups: conditions joined by a
// group's and/or, groups joined by the filter's and/or, which is what a person builds.
import type { FieldProperty, FieldType, Properties } from '../../api/types';

export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | 'like' | 'not like' | 'is empty' | 'is not empty';
export type Conj = 'and' | 'or';

/**
 * A value: a literal string, a number written bare (num, for NUMBER and record-number
 * fields), or a function call such as TODAY() or FROM_TODAY(-3, DAYS).
 */
export interface Val {
  fn?: boolean;
  num?: boolean;
  /** An empty string written on purpose (read from query text): "no value". */
  empty?: boolean;
  v: string;
}

export interface Cond {
  field: string;
  op: Op;
  values: Val[];
}

export interface Group {
  conj: Conj;
  conds: Cond[];
}

export interface Filter {
  conj: Conj;
  groups: Group[];
}

export interface SortKey {
  field: string;
  dir: 'asc' | 'desc';
}

/** A field the query can name: top-level or inside a subtable (table is then its table's code). */
export interface QField {
  prop: FieldProperty;
  table?: FieldProperty;
}

/** Every field a condition may name, in form order: top-level fields, then subtable columns. */
export function queryFields(props: Properties): QField[] {
  const out: QField[] = [];
  for (const p of Object.values(props)) {
    if (p.type === 'SUBTABLE') {
      for (const inner of Object.values(p.fields || {})) out.push({ prop: inner, table: p });
    } else out.push({ prop: p });
  }
  return out;
}

/** Finds a field by code, looking inside subtables too. */
export function findField(props: Properties, code: string): QField | undefined {
  if (props[code]) return { prop: props[code] };
  for (const p of Object.values(props)) if (p.type === 'SUBTABLE' && p.fields?.[code]) return { prop: p.fields[code], table: p };
  return undefined;
}

const CMP: Op[] = ['=', '!=', '<', '>', '<=', '>='];

/** The operators a field takes, per QUERY.md's table (subtable columns use in / not in for = / !=). */
export function opsFor(type: FieldType, inTable = false): Op[] {
  let ops: Op[];
  switch (type) {
    case 'RECORD_NUMBER':
    case '__ID__':
    case '__REVISION__':
    case 'NUMBER':
      ops = [...CMP, 'in', 'not in'];
      break;
    case 'CREATOR':
    case 'MODIFIER':
    case 'USER_SELECT':
    case 'RADIO_BUTTON':
    case 'DROP_DOWN':
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
      ops = ['in', 'not in'];
      break;
    case 'CREATED_TIME':
    case 'UPDATED_TIME':
    case 'DATETIME':
    case 'DATE':
    case 'TIME':
      ops = [...CMP];
      break;
    case 'SINGLE_LINE_TEXT':
    case 'LINK':
      ops = ['like', 'not like', '=', '!=', 'in', 'not in'];
      break;
    case 'MULTI_LINE_TEXT':
    case 'RICH_TEXT':
    case 'FILE':
      ops = ['like', 'not like', 'is empty', 'is not empty'];
      break;
    default:
      ops = [];
  }
  if (inTable) {
    ops = ops.map((o) => (o === '=' ? 'in' : o === '!=' ? 'not in' : o));
    ops = ops.filter((o, i) => ops.indexOf(o) === i);
  }
  return ops;
}

/** Types that may be sort keys (QUERY.md "order by"). */
const SORTABLE = new Set<FieldType>([
  'RECORD_NUMBER', 'CREATOR', 'MODIFIER', 'CREATED_TIME', 'UPDATED_TIME', 'SINGLE_LINE_TEXT', 'LINK',
  'NUMBER', 'RADIO_BUTTON', 'DROP_DOWN', 'DATE', 'TIME', 'DATETIME', '__ID__', '__REVISION__',
]);
export function sortable(type: FieldType): boolean {
  return SORTABLE.has(type);
}

/** Field types a quick search looks in with `like`. */
export const TEXT_TYPES = new Set<FieldType>(['SINGLE_LINE_TEXT', 'MULTI_LINE_TEXT', 'RICH_TEXT', 'LINK']);

/** A string literal: double-quoted, with \ and " escaped; tabs and line breaks as \t and \n. */
export function quote(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\0/g, '');
  return `"${body}"`;
}

const FN_RE = /^[A-Za-z_]+\(\s*(?:[A-Za-z0-9_+-]+\s*(?:,\s*[A-Za-z0-9_+-]+\s*)*)?\)$/;

const NUM_RE = /^[+-]?\d+(?:\.\d+)?$/;

function valueText(v: Val): string {
  if (v.fn && FN_RE.test(v.v)) return v.v;
  if (v.num && NUM_RE.test(v.v.trim())) return v.v.trim();
  return quote(v.v);
}

/** One condition as query text; null when it is incomplete (no value yet). */
export function condText(c: Cond): string | null {
  if (!c.field) return null;
  if (c.op === 'is empty' || c.op === 'is not empty') return `${c.field} ${c.op}`;
  const vals = c.values.filter((v) => v.fn || v.v !== '' || c.op === 'in' || c.op === 'not in');
  if (c.op === 'in' || c.op === 'not in') {
    if (vals.length === 0) return null;
    return `${c.field} ${c.op} (${vals.map(valueText).join(', ')})`;
  }
  if (vals.length === 0) {
    // An empty box is a condition not finished yet; `= ""` ("no value") only when read from text.
    if ((c.op === '=' || c.op === '!=') && c.values.some((v) => v.empty)) return `${c.field} ${c.op} ""`;
    return null;
  }
  return `${c.field} ${c.op} ${valueText(vals[0])}`;
}

/** The filter as a query condition ("" when it has no complete condition). */
export function filterText(f: Filter): string {
  const groups = f.groups
    .map((g) => ({ conj: g.conj, parts: g.conds.map(condText).filter((x): x is string => !!x) }))
    .filter((g) => g.parts.length > 0);
  if (groups.length === 0) return '';
  if (groups.length === 1) return groups[0].parts.join(` ${groups[0].conj} `);
  return groups.map((g) => (g.parts.length > 1 ? `(${g.parts.join(` ${g.conj} `)})` : g.parts[0])).join(` ${f.conj} `);
}

/** Wraps a condition in parentheses when it has a top-level `or` (so `and` can follow). */
function paren(cond: string): string {
  return /\bor\b/i.test(cond) ? `(${cond})` : cond;
}

/** Conditions joined by and, each parenthesised when needed; empty parts skipped. */
export function andAll(parts: string[]): string {
  const p = parts.map((x) => x.trim()).filter(Boolean);
  if (p.length <= 1) return p[0] || '';
  return p.map(paren).join(' and ');
}

/**
 * The quick search: every word (split at spaces, U+3000 included) must appear in one of
 * the given text fields.
 */
export function searchText(words: string, codes: string[]): string {
  const terms = words.split(/[\s\u3000]+/).filter(Boolean);
  if (terms.length === 0 || codes.length === 0) return '';
  return terms
    .map((w) => {
      const any = codes.map((c) => `${c} like ${quote(w)}`);
      return any.length > 1 ? `(${any.join(' or ')})` : any[0];
    })
    .join(' and ');
}

export function sortText(keys: SortKey[]): string {
  return keys.map((k) => `${k.field} ${k.dir}`).join(', ');
}

/** A sort clause ("a desc, b asc") as keys; a key without direction is descending. */
export function parseSort(s: string): SortKey[] {
  return s
    .split(',')
    .map((p) => p.trim().split(/[\s\u3000]+/))
    .filter((w) => w[0])
    .map((w) => ({ field: w[0], dir: (w[1] || '').toLowerCase() === 'asc' ? 'asc' : 'desc' }));
}

/** The whole query for a page of records. */
export function pageQuery(cond: string, sort: SortKey[], limit: number, offset: number): string {
  const parts = [cond.trim()];
  if (sort.length) parts.push(`order by ${sortText(sort)}`);
  parts.push(`limit ${limit} offset ${offset}`);
  return parts.filter(Boolean).join(' ');
}

// ---- Reading query text back into the builder's model ----

interface Tok {
  k: 'str' | 'word' | 'op' | '(' | ')' | ',';
  v: string;
  pos: number;
}

const SPACE = /[ \t\r\n\u3000]/;
const WORD_STOP = /[ \t\r\n\u3000()=!<>,"]/;

/** Splits query text into tokens; null on a lexical error (the server will say where). */
export function tokenize(q: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ k: c, v: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= q.length) return null;
        const d = q[j];
        if (d === '"') break;
        if (d === '\\') {
          const e = q[j + 1];
          if (e === '"' || e === '\\') s += e;
          else if (e === 't') s += '\t';
          else if (e === 'n') s += '\n';
          else return null;
          j += 2;
          continue;
        }
        s += d;
        j++;
      }
      out.push({ k: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const two = q.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      out.push({ k: 'op', v: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      out.push({ k: 'op', v: c, pos: i });
      i++;
      continue;
    }
    if (c === '!') return null;
    let j = i;
    while (j < q.length && !WORD_STOP.test(q[j])) j++;
    out.push({ k: 'word', v: q.slice(i, j), pos: i });
    i = j;
  }
  return out;
}

const kw = (t: Tok | undefined, w: string) => !!t && t.k === 'word' && t.v.toLowerCase() === w;

/** Splits a query into its condition and its order-by clause (limit and offset are left in the condition part, for the server to refuse). */
export function splitQuery(q: string): { cond: string; sort: string } {
  const toks = tokenize(q);
  if (!toks) return { cond: q.trim(), sort: '' };
  for (let i = 0; i < toks.length - 1; i++) {
    if (kw(toks[i], 'order') && kw(toks[i + 1], 'by') && (i === 0 || toks[i - 1].k !== 'op')) {
      // "order" as a field code is followed by an operator, not by "by".
      return { cond: q.slice(0, toks[i].pos).trim(), sort: q.slice(toks[i + 1].pos + 2).trim() };
    }
  }
  return { cond: q.trim(), sort: '' };
}

type Node = { k: 'cond'; c: Cond } | { k: Conj; items: Node[] };

class Parser {
  i = 0;
  constructor(private t: Tok[]) {}
  peek() {
    return this.t[this.i];
  }
  next() {
    return this.t[this.i++];
  }
  expr(depth: number): Node | null {
    if (depth > 32) return null;
    const items: Node[] = [];
    const first = this.term(depth);
    if (!first) return null;
    items.push(first);
    while (kw(this.peek(), 'or')) {
      this.i++;
      const n = this.term(depth);
      if (!n) return null;
      items.push(n);
    }
    return items.length === 1 ? items[0] : { k: 'or', items };
  }
  term(depth: number): Node | null {
    const items: Node[] = [];
    const first = this.factor(depth);
    if (!first) return null;
    items.push(first);
    while (kw(this.peek(), 'and')) {
      this.i++;
      const n = this.factor(depth);
      if (!n) return null;
      items.push(n);
    }
    return items.length === 1 ? items[0] : { k: 'and', items };
  }
  factor(depth: number): Node | null {
    const t = this.peek();
    if (!t) return null;
    if (t.k === '(') {
      this.i++;
      const e = this.expr(depth + 1);
      if (!e || this.next()?.k !== ')') return null;
      return e;
    }
    return this.cond();
  }
  value(): Val | null {
    const t = this.next();
    if (!t) return null;
    if (t.k === 'str') return t.v === '' ? { v: '', empty: true } : { v: t.v };
    if (t.k !== 'word') return null;
    if (this.peek()?.k !== '(') return NUM_RE.test(t.v) ? { num: true, v: t.v } : { v: t.v };
    const args: string[] = [];
    this.i++;
    while (this.peek() && this.peek().k !== ')') {
      const a = this.next();
      if (a.k === 'word') args.push(a.v);
      else if (a.k !== ',') return null;
    }
    if (this.next()?.k !== ')') return null;
    return { fn: true, v: `${t.v.toUpperCase()}(${args.join(', ')})` };
  }
  cond(): Node | null {
    const f = this.next();
    if (!f || f.k !== 'word') return null;
    const t = this.peek();
    let op: Op;
    if (t?.k === 'op') {
      this.i++;
      op = t.v as Op;
      const v = this.value();
      if (!v) return null;
      return { k: 'cond', c: { field: f.v, op, values: [v] } };
    }
    if (kw(t, 'is')) {
      this.i++;
      const not = kw(this.peek(), 'not');
      if (not) this.i++;
      if (!kw(this.next(), 'empty')) return null;
      return { k: 'cond', c: { field: f.v, op: not ? 'is not empty' : 'is empty', values: [] } };
    }
    let not = false;
    if (kw(t, 'not')) {
      not = true;
      this.i++;
    }
    if (kw(this.peek(), 'like')) {
      this.i++;
      const v = this.value();
      if (!v) return null;
      return { k: 'cond', c: { field: f.v, op: not ? 'not like' : 'like', values: [v] } };
    }
    if (kw(this.peek(), 'in')) {
      this.i++;
      if (this.next()?.k !== '(') return null;
      const values: Val[] = [];
      for (;;) {
        const v = this.value();
        if (!v) return null;
        values.push(v);
        const sep = this.next();
        if (sep?.k === ')') break;
        if (sep?.k !== ',') return null;
      }
      return { k: 'cond', c: { field: f.v, op: not ? 'not in' : 'in', values } };
    }
    return null;
  }
}

/**
 * Reads a condition back into the builder's model; null when it is not a shape the
 * builder can show (deeper nesting, or not valid at all: the text then stays as typed).
 */
export function parseFilter(cond: string): Filter | null {
  if (!cond.trim()) return { conj: 'and', groups: [] };
  const toks = tokenize(cond);
  if (!toks) return null;
  const p = new Parser(toks);
  const node = p.expr(0);
  if (!node || p.i !== toks.length) return null;
  if (node.k === 'cond') return { conj: 'and', groups: [{ conj: 'and', conds: [node.c] }] };
  if (node.items.every((n) => n.k === 'cond')) {
    return { conj: node.k === 'and' ? 'or' : 'and', groups: [{ conj: node.k, conds: node.items.map((n) => (n as { c: Cond }).c) }] };
  }
  const groups: Group[] = [];
  for (const n of node.items) {
    if (n.k === 'cond') groups.push({ conj: node.k === 'and' ? 'or' : 'and', conds: [n.c] });
    else if (n.items.every((m) => m.k === 'cond')) groups.push({ conj: n.k, conds: n.items.map((m) => (m as { c: Cond }).c) });
    else return null;
  }
  return { conj: node.k, groups };
}
