// Saving a design: the API calls that turn the saved form into the designed one, whether
// there is anything to save, and matching the design to the server's form after a save.
// Pure functions.
import type { FieldProperty, LayoutRow, Properties } from '../../api/types';
import { isSystem } from './fieldTypes';
import { allFields, toLayout, type DField, type Form, type Row } from './model';

export type Step =
  | { kind: 'add'; properties: Properties }
  | { kind: 'update'; properties: Record<string, Partial<FieldProperty>> }
  | { kind: 'delete'; fields: string[] }
  | { kind: 'layout'; layout: LayoutRow[] };

/** Properties as JSON with object keys sorted, for comparing. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function clean(p: FieldProperty): FieldProperty {
  const o = { ...p } as Record<string, unknown>;
  delete o.fields;
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as unknown as FieldProperty;
}

/** The settings of `now` that differ from `was` (code included when renamed). */
function changes(was: FieldProperty, now: FieldProperty): Partial<FieldProperty> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(was), ...Object.keys(now)]);
  for (const k of keys) {
    if (k === 'fields' || k === 'type') continue;
    const a = (was as unknown as Record<string, unknown>)[k];
    const b = (now as unknown as Record<string, unknown>)[k];
    if (b !== undefined && canonical(a) !== canonical(b)) out[k] = b;
  }
  return out as Partial<FieldProperty>;
}

/** The saved property a draft field still stands for, or null when it is new (or moved to another table). */
function savedOf(saved: Properties, f: DField, table: DField | null): FieldProperty | null {
  if (f.orig === null) return null;
  if (table === null) {
    if (f.origTable !== null) return null;
    const p = saved[f.orig];
    return p && p.type === f.prop.type ? p : null;
  }
  if (f.origTable === null || table.orig !== f.origTable || !savedOf(saved, table, null)) return null;
  const p = saved[f.origTable]?.fields?.[f.orig];
  return p && p.type === f.prop.type ? p : null;
}

/**
 * The API calls that turn the saved form into the designed one: new fields (POST),
 * changed fields and renames (PUT; new fields of saved tables go in there too),
 * removals (DELETE), then the layout. A removed field whose code a new or renamed
 * field takes is removed first; renames go before additions that reuse the old code.
 */
export function plan(saved: Properties, form: Form): Step[] {
  const add: Properties = {};
  const update: Record<string, Partial<FieldProperty>> = {};
  const claimed = new Set<string>(); // saved codes still in use: "code" or "table/code"
  const wanted = new Set<string>(); // codes new or renamed fields take
  let renamedAway = new Set<string>();
  const entries = allFields(form);
  for (const { field: f, table } of entries) {
    if (table) continue;
    const was = savedOf(saved, f, null);
    if (f.prop.type === 'SUBTABLE') {
      const inner = entries.filter((e) => e.table === f).map((e) => e.field);
      if (!was) {
        add[f.prop.code] = { ...clean(f.prop), fields: Object.fromEntries(inner.map((x) => [x.prop.code, clean(x.prop)])) };
        wanted.add(f.prop.code);
        inner.forEach((x) => wanted.add(x.prop.code));
        continue;
      }
      claimed.add(f.orig!);
      const ch: Partial<FieldProperty> = changes(was, clean(f.prop));
      const fields: Record<string, FieldProperty | Partial<FieldProperty>> = {};
      for (const x of inner) {
        const xw = savedOf(saved, x, f);
        if (!xw) {
          fields[x.prop.code] = clean(x.prop);
          wanted.add(x.prop.code);
          continue;
        }
        claimed.add(`${f.orig}/${x.orig}`);
        const xc = changes(xw, clean(x.prop));
        if (Object.keys(xc).length) fields[x.orig!] = xc;
        if (x.prop.code !== x.orig) {
          wanted.add(x.prop.code);
          renamedAway.add(x.orig!);
        }
      }
      if (Object.keys(fields).length) ch.fields = fields as Properties;
      if (Object.keys(ch).length) update[f.orig!] = ch;
      if (f.prop.code !== f.orig) {
        wanted.add(f.prop.code);
        renamedAway.add(f.orig!);
      }
      continue;
    }
    if (!was) {
      if (!isSystem(f.prop.type)) {
        add[f.prop.code] = clean(f.prop);
        wanted.add(f.prop.code);
      }
      continue;
    }
    claimed.add(f.orig!);
    const ch = changes(was, clean(f.prop));
    if (Object.keys(ch).length) update[f.orig!] = ch;
    if (f.prop.code !== f.orig) {
      wanted.add(f.prop.code);
      renamedAway.add(f.orig!);
    }
  }
  // Saved fields nobody stands for any more.
  const early: string[] = [];
  const late: string[] = [];
  for (const [code, p] of Object.entries(saved)) {
    if (isSystem(p.type)) continue;
    if (!claimed.has(code)) {
      const codes = [code, ...Object.keys(p.fields || {})];
      (codes.some((c) => wanted.has(c)) ? early : late).push(code);
      continue;
    }
    for (const ic of Object.keys(p.fields || {}))
      if (!claimed.has(`${code}/${ic}`)) (wanted.has(ic) ? early : late).push(ic);
  }
  renamedAway = new Set([...renamedAway].filter((c) => c in add || Object.values(add).some((p) => p.fields && c in p.fields)));
  const steps: Step[] = [];
  if (early.length) steps.push({ kind: 'delete', fields: early });
  const addStep: Step | null = Object.keys(add).length ? { kind: 'add', properties: add } : null;
  const updStep: Step | null = Object.keys(update).length ? { kind: 'update', properties: update } : null;
  if (renamedAway.size) {
    if (updStep) steps.push(updStep);
    if (addStep) steps.push(addStep);
  } else {
    if (addStep) steps.push(addStep);
    if (updStep) steps.push(updStep);
  }
  if (late.length) steps.push({ kind: 'delete', fields: late });
  return steps;
}

/** The layout reduced to what matters for comparing (types, codes, sizes, decorations). */
export function layoutKey(layout: LayoutRow[]): string {
  return canonical(layout.map((r) => ({ type: r.type, code: r.code ?? null, fields: r.fields.map((f) => ({ ...f, size: f.size || {} })) })));
}

/** True when the design differs from what the server holds. */
export function isDirty(saved: Properties, savedLayout: LayoutRow[], form: Form): boolean {
  return plan(saved, form).length > 0 || layoutKey(toLayout(form)) !== layoutKey(savedLayout);
}

/**
 * After a save that stopped part way, matches the design to what the server now holds:
 * a field whose current code exists in the same place (it was just added or renamed)
 * now stands for that one; any other field keeps what it stood for.
 */
export function rebase(form: Form, props: Properties): Form {
  const fix = (f: DField, table: DField | null): DField => {
    const tableCode = table ? table.prop.code : null;
    const here = table ? props[table.prop.code]?.fields : props;
    const now = here?.[f.prop.code];
    if (now && now.type === f.prop.type) return { ...f, orig: f.prop.code, origTable: tableCode };
    return f;
  };
  const rows = form.rows.map((r): Row => {
    if (r.kind === 'row') return { ...r, items: r.items.map((it) => (it.kind === 'field' ? { ...it, field: fix(it.field, null) } : it)) };
    const table = fix(r.table, null);
    return { ...r, table, inner: r.inner.map((f) => fix(f, table)) };
  });
  return { rows, unplaced: form.unplaced.map((f) => fix(f, null)) };
}

/**
 * After a save that went through: every field now stands for the server's field of its
 * code, with the server's settings (normalised as the server stores them).
 */
export function adopt(form: Form, props: Properties): Form {
  const take = (f: DField, table: DField | null): DField => {
    const p = table ? props[table.prop.code]?.fields?.[f.prop.code] : props[f.prop.code];
    if (!p || p.type !== f.prop.type) return f;
    const prop = { ...p };
    delete prop.fields;
    return { ...f, orig: p.code, origTable: table ? table.prop.code : null, prop, codeTouched: false };
  };
  const rows = form.rows.map((r): Row => {
    if (r.kind === 'row') return { ...r, items: r.items.map((it) => (it.kind === 'field' ? { ...it, field: take(it.field, null) } : it)) };
    return { ...r, table: take(r.table, null), inner: r.inner.map((f) => take(f, r.table)) };
  });
  return { rows, unplaced: form.unplaced.map((f) => take(f, null)) };
}
