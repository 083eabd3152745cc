// Field codes and the checks made before saving, as the server makes them, so the
// designer can point at a problem before asking the server. Pure functions.
import { allFields, type Form } from './model';

export type CodeProblem = 'empty' | 'digit' | 'chars' | 'long' | null;

/** The server's rule: 1..128 characters; ASCII letters, digits, "_" or any non-ASCII character but the ideographic space; not a leading digit. */
export function codeProblem(code: string): CodeProblem {
  if (code === '') return 'empty';
  if ([...code].length > 128) return 'long';
  if (/^[0-9]/.test(code)) return 'digit';
  for (const ch of code) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 ? !/[A-Za-z0-9_]/.test(ch) : cp === 0x3000) return 'chars';
  }
  return null;
}

/** A valid code made from a label, different from every code in taken. */
export function suggestCode(label: string, taken: Set<string>, fallback = 'field'): string {
  let s = '';
  for (const ch of label.trim()) {
    const cp = ch.codePointAt(0)!;
    s += (cp < 0x80 ? /[A-Za-z0-9_]/.test(ch) : cp !== 0x3000) ? ch : '_';
  }
  s = s.replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') s = fallback;
  if (/^[0-9]/.test(s)) s = '_' + s;
  s = [...s].slice(0, 120).join('');
  let out = s;
  for (let n = 2; taken.has(out); n++) out = `${s}_${n}`;
  return out;
}

export interface Problem {
  key: string; // the field's key
  setting: string; // "code", "label", "options", "fields"
  message: string; // a message key in the catalogue
  vars?: Record<string, string>;
}

/** What the server would refuse that the designer can tell without asking it. */
export function checkForm(form: Form): Problem[] {
  const out: Problem[] = [];
  const all = allFields(form);
  const seen = new Map<string, number>();
  for (const { field } of all) seen.set(field.prop.code, (seen.get(field.prop.code) || 0) + 1);
  for (const { field: f } of all) {
    const cp = codeProblem(f.prop.code);
    if (cp) out.push({ key: f.key, setting: 'code', message: `builder.code.${cp}` });
    else if ((seen.get(f.prop.code) || 0) > 1) out.push({ key: f.key, setting: 'code', message: 'builder.code.duplicate', vars: { code: f.prop.code } });
    if (f.prop.label.trim() === '' && f.prop.type !== 'SUBTABLE') out.push({ key: f.key, setting: 'label', message: 'builder.label.empty' });
    if (f.prop.options && Object.keys(f.prop.options).length === 0) out.push({ key: f.key, setting: 'options', message: 'builder.options.empty' });
  }
  for (const r of form.rows)
    if (r.kind === 'table' && r.inner.length === 0) out.push({ key: r.table.key, setting: 'fields', message: 'builder.table.noFields' });
  return out;
}
