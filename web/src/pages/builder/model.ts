// The form being designed, as pure data and pure functions: loading it from the
// server's properties and layout, and editing it (place, move, remove, change a field).
// Checks live in codes.ts, saving (the difference from the saved form) in diff.ts.
// Nothing here touches the DOM or the network.
import type { FieldProperty, LayoutField, LayoutRow, Properties } from '../../api/types';
import { isSystem, tableable } from './fieldTypes';

/** One field being designed. */
export interface DField {
  key: string; // stable while the page is open
  orig: string | null; // its code on the server; null until saved
  origTable: string | null; // the table it was saved in (null: the form itself)
  prop: FieldProperty; // its settings now (a table without `fields`)
  size?: LayoutField['size'];
  codeTouched?: boolean; // the code was typed by hand: stop deriving it from the label
}

export type Item = { kind: 'field'; key: string; field: DField } | { kind: 'deco'; key: string; raw: LayoutField };

export type Row =
  | { kind: 'row'; key: string; items: Item[] }
  | { kind: 'table'; key: string; table: DField; inner: DField[] };

export interface Form {
  rows: Row[];
  unplaced: DField[]; // system fields not on the form
}

/** Where something goes: a new row before row `before`, or a position in a row or table. */
export type Target = { kind: 'newRow'; before: number } | { kind: 'inRow'; row: number; index: number };

let seq = 0;
export function newKey(): string {
  return `k${++seq}`;
}

function dfield(p: FieldProperty, origTable: string | null, size?: LayoutField['size']): DField {
  const prop = { ...p };
  delete prop.fields;
  return { key: newKey(), orig: p.code, origTable, prop, size };
}

function fieldItem(f: DField): Item {
  return { kind: 'field', key: f.key, field: f };
}

/** The form as the server stores it: properties and layout (fields missing from the layout are appended). */
export function fromServer(props: Properties, layout: LayoutRow[]): Form {
  const rows: Row[] = [];
  const placed = new Set<string>();
  for (const r of layout) {
    if (r.type === 'SUBTABLE' && r.code && props[r.code]?.type === 'SUBTABLE') {
      const tp = props[r.code];
      const innerProps = tp.fields || {};
      const inner: DField[] = [];
      const seen = new Set<string>();
      for (const lf of r.fields) {
        if (lf.code && innerProps[lf.code] && !seen.has(lf.code)) {
          inner.push(dfield(innerProps[lf.code], r.code, lf.size));
          seen.add(lf.code);
        }
      }
      for (const [c, ip] of Object.entries(innerProps)) if (!seen.has(c)) inner.push(dfield(ip, r.code));
      rows.push({ kind: 'table', key: newKey(), table: dfield(tp, null), inner });
      placed.add(r.code);
    } else if (r.type === 'ROW') {
      const items: Item[] = [];
      for (const lf of r.fields) {
        const p = lf.code ? props[lf.code] : undefined;
        if (p && p.type !== 'SUBTABLE' && !placed.has(p.code)) {
          items.push(fieldItem(dfield(p, null, lf.size)));
          placed.add(p.code);
        } else if (!lf.code || ['LABEL', 'SPACER', 'HR'].includes(lf.type)) {
          items.push({ kind: 'deco', key: newKey(), raw: lf });
        }
      }
      if (items.length) rows.push({ kind: 'row', key: newKey(), items });
    }
  }
  const unplaced: DField[] = [];
  for (const p of Object.values(props)) {
    if (placed.has(p.code)) continue;
    if (isSystem(p.type)) unplaced.push(dfield(p, null));
    else if (p.type === 'SUBTABLE') rows.push({ kind: 'table', key: newKey(), table: dfield(p, null), inner: Object.values(p.fields || {}).map((ip) => dfield(ip, p.code)) });
    else rows.push({ kind: 'row', key: newKey(), items: [fieldItem(dfield(p, null))] });
  }
  return { rows, unplaced };
}

function sizeOf(f: DField): LayoutField['size'] {
  return f.size ? { ...f.size } : {};
}

/** The layout to send to PUT preview/app/form/layout.json. */
export function toLayout(form: Form): LayoutRow[] {
  return form.rows.map((r): LayoutRow =>
    r.kind === 'table'
      ? { type: 'SUBTABLE', code: r.table.prop.code, fields: r.inner.map((f) => ({ type: f.prop.type, code: f.prop.code, size: sizeOf(f) })) }
      : {
          type: 'ROW',
          fields: r.items.map((it) => (it.kind === 'deco' ? { ...it.raw } : { type: it.field.prop.type, code: it.field.prop.code, size: sizeOf(it.field) })),
        },
  );
}

/** Every field on the form (and the unplaced system fields), with the table holding it. */
export function allFields(form: Form): { field: DField; table: DField | null; placed: boolean }[] {
  const out: { field: DField; table: DField | null; placed: boolean }[] = [];
  for (const r of form.rows) {
    if (r.kind === 'table') {
      out.push({ field: r.table, table: null, placed: true });
      for (const f of r.inner) out.push({ field: f, table: r.table, placed: true });
    } else {
      for (const it of r.items) if (it.kind === 'field') out.push({ field: it.field, table: null, placed: true });
    }
  }
  for (const f of form.unplaced) out.push({ field: f, table: null, placed: false });
  return out;
}

export function findField(form: Form, key: string): DField | null {
  return allFields(form).find((x) => x.field.key === key)?.field || null;
}

/** Where an item is: its row, its index in the row (or table), and whether it is a table row itself. */
export interface Loc {
  row: number;
  index: number; // -1 for a table row itself
  inTable: boolean;
}

export function locate(form: Form, key: string): Loc | null {
  for (let i = 0; i < form.rows.length; i++) {
    const r = form.rows[i];
    if (r.kind === 'table') {
      if (r.table.key === key || r.key === key) return { row: i, index: -1, inTable: false };
      const j = r.inner.findIndex((f) => f.key === key);
      if (j >= 0) return { row: i, index: j, inTable: true };
    } else {
      const j = r.items.findIndex((it) => it.key === key);
      if (j >= 0) return { row: i, index: j, inTable: false };
    }
  }
  return null;
}

function cloneRows(rows: Row[]): Row[] {
  return rows.map((r) => (r.kind === 'table' ? { ...r, inner: [...r.inner] } : { ...r, items: [...r.items] }));
}

/** What is being placed or moved. */
type Moving = { item: Item } | { table: Row & { kind: 'table' } };

/** Takes an item out; returns the form without it and the item, or null when not found. */
function take(form: Form, key: string): { form: Form; moving: Moving; loc: Loc } | null {
  const loc = locate(form, key);
  if (!loc) return null;
  const rows = cloneRows(form.rows);
  const r = rows[loc.row];
  let moving: Moving;
  if (r.kind === 'table' && loc.index < 0) {
    rows.splice(loc.row, 1);
    moving = { table: r };
  } else if (r.kind === 'table') {
    const [f] = r.inner.splice(loc.index, 1);
    moving = { item: fieldItem(f) };
  } else {
    const [it] = r.items.splice(loc.index, 1);
    moving = { item: it };
    if (r.items.length === 0) rows.splice(loc.row, 1);
  }
  return { form: { ...form, rows }, moving, loc };
}

/** True when `moving` may go to target. */
function allowed(form: Form, moving: Moving, target: Target): boolean {
  if (target.kind === 'newRow') return target.before >= 0 && target.before <= form.rows.length;
  const r = form.rows[target.row];
  if (!r || 'table' in moving) return false;
  if (r.kind === 'table') return moving.item.kind === 'field' && tableable(moving.item.field.prop.type);
  return true;
}

function put(form: Form, moving: Moving, target: Target): Form | null {
  if (!allowed(form, moving, target)) return null;
  const rows = cloneRows(form.rows);
  if ('table' in moving) {
    rows.splice((target as { before: number }).before, 0, moving.table);
    return { ...form, rows };
  }
  const item = moving.item;
  if (target.kind === 'newRow') {
    rows.splice(target.before, 0, { kind: 'row', key: newKey(), items: [item] });
    return { ...form, rows };
  }
  const r = rows[target.row];
  const at = Math.max(0, target.index);
  if (r.kind === 'table') r.inner.splice(Math.min(at, r.inner.length), 0, (item as { field: DField }).field);
  else r.items.splice(Math.min(at, r.items.length), 0, item);
  return { ...form, rows };
}

/** Places a new field (a table comes with its inner fields) at target; null when it cannot go there. */
export function placeNew(form: Form, f: DField, target: Target, inner: DField[] = []): Form | null {
  const unplaced = form.unplaced.filter((u) => u.key !== f.key);
  const base = { ...form, unplaced };
  if (f.prop.type === 'SUBTABLE') {
    if (target.kind !== 'newRow') target = { kind: 'newRow', before: target.row + 1 };
    return put(base, { table: { kind: 'table', key: newKey(), table: f, inner } }, target);
  }
  return put(base, { item: fieldItem(f) }, target);
}

/**
 * Moves an item (a field, a decoration or a table) to target, where target is read
 * against the form as it is before the move. Returns null when it cannot go there.
 */
export function moveTo(form: Form, key: string, target: Target): Form | null {
  const loc = locate(form, key);
  if (!loc) return null;
  const taken = take(form, key);
  if (!taken) return null;
  const rowGone = form.rows.length !== taken.form.rows.length;
  let t: Target = target;
  // Indices after the removal.
  if (t.kind === 'newRow') {
    if (rowGone && t.before > loc.row) t = { ...t, before: t.before - 1 };
  } else {
    if (t.row === loc.row && !rowGone && loc.index >= 0 && t.index > loc.index) t = { ...t, index: t.index - 1 };
    if (rowGone && t.row === loc.row) t = { kind: 'newRow', before: loc.row };
    else if (rowGone && t.row > loc.row) t = { ...t, row: t.row - 1 };
  }
  if ('table' in taken.moving && t.kind === 'inRow') t = { kind: 'newRow', before: t.row + 1 };
  return put(taken.form, taken.moving, t);
}

/** Takes a field off the form: system fields become unplaced, others are gone (deleted on save). */
export function removeItem(form: Form, key: string): Form {
  const taken = take(form, key);
  if (!taken) return form;
  const m = taken.moving;
  if ('item' in m && m.item.kind === 'field' && isSystem(m.item.field.prop.type))
    return { ...taken.form, unplaced: [...taken.form.unplaced, m.item.field] };
  return taken.form;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * One step of keyboard movement. Left and right move within a row or table. Up and down
 * walk through the form: a field sharing a row first gets a row of its own above (or
 * below); a field alone in its row joins the next row in that direction (a table is
 * stepped over). A table row moves past one row at a time. Inside a table, up and down
 * are not steps (use moveOutOfTable). Returns null when there is nowhere to go.
 */
export function step(form: Form, key: string, dir: Direction): Form | null {
  const loc = locate(form, key);
  if (!loc) return null;
  const r = form.rows[loc.row];
  if (dir === 'left' || dir === 'right') {
    if (loc.index < 0) return null;
    const len = r.kind === 'table' ? r.inner.length : r.items.length;
    const to = dir === 'left' ? loc.index - 1 : loc.index + 2;
    if (to < 0 || to > len) return null;
    return moveTo(form, key, { kind: 'inRow', row: loc.row, index: to });
  }
  if (loc.inTable) return null;
  const up = dir === 'up';
  if (loc.index < 0) {
    const before = up ? loc.row - 1 : loc.row + 2;
    if (before < 0 || before > form.rows.length) return null;
    return moveTo(form, key, { kind: 'newRow', before });
  }
  const row = r as Row & { kind: 'row' };
  if (row.items.length > 1) return moveTo(form, key, { kind: 'newRow', before: up ? loc.row : loc.row + 1 });
  const next = up ? loc.row - 1 : loc.row + 1;
  if (next < 0 || next >= form.rows.length) return null;
  const nr = form.rows[next];
  if (nr.kind === 'table') return moveTo(form, key, { kind: 'newRow', before: up ? next : next + 1 });
  return moveTo(form, key, { kind: 'inRow', row: next, index: up ? nr.items.length : 0 });
}

/** Moves a field into a table (at its end). */
export function moveIntoTable(form: Form, key: string, tableKey: string): Form | null {
  const tl = locate(form, tableKey);
  if (!tl || tl.index >= 0) return null;
  const r = form.rows[tl.row] as Row & { kind: 'table' };
  return moveTo(form, key, { kind: 'inRow', row: tl.row, index: r.inner.length });
}

/** Moves a field out of its table, into a row of its own just below the table. */
export function moveOutOfTable(form: Form, key: string): Form | null {
  const loc = locate(form, key);
  if (!loc || !loc.inTable) return null;
  return moveTo(form, key, { kind: 'newRow', before: loc.row + 1 });
}

/** Changes a field's settings. */
export function updateField(form: Form, key: string, patch: Partial<FieldProperty>, extra: Partial<DField> = {}): Form {
  const upd = (f: DField): DField => (f.key === key ? { ...f, ...extra, prop: { ...f.prop, ...patch } } : f);
  const rows = form.rows.map((r): Row => {
    if (r.kind === 'table') return { ...r, table: upd(r.table), inner: r.inner.map(upd) };
    return { ...r, items: r.items.map((it) => (it.kind === 'field' ? { ...it, field: upd(it.field) } : it)) };
  });
  return { rows, unplaced: form.unplaced.map(upd) };
}

/** Every code in use, for suggesting new ones. */
export function codesInUse(form: Form): Set<string> {
  return new Set(allFields(form).map((x) => x.field.prop.code));
}

/** A new field ready to place. */
export function makeField(prop: FieldProperty): DField {
  return { key: newKey(), orig: null, origTable: null, prop };
}

