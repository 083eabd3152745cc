// Turning stored values into text people read: numbers with separators, scale and unit
// as the field asks; dates and times in the user's language. Formatters are made once
// (a list of 100 rows formats hundreds of values), and numbers are formatted as strings
// so 40-digit values keep every digit.
import type { FieldProperty, FileRef, RecordField, SubtableRow, UserRef } from '../../../api/types';
import { lang } from '../../../i18n';

/** Rounds a decimal string (digits only, no sign) to scale fraction digits, half away from zero. */
function roundDigits(int: string, frac: string, scale: number): [string, string] {
  if (frac.length <= scale) return [int, frac.padEnd(scale, '0')];
  const digits = (int + frac.slice(0, scale)).split('').map(Number);
  if (frac.charCodeAt(scale) - 48 >= 5) {
    let i = digits.length - 1;
    for (; i >= 0; i--) {
      if (digits[i] === 9) digits[i] = 0;
      else {
        digits[i]++;
        break;
      }
    }
    if (i < 0) digits.unshift(1);
  }
  const s = digits.join('');
  return [s.slice(0, s.length - scale) || '0', s.slice(s.length - scale)];
}

/** A NUMBER value as the field shows it: digit separators (digit), displayScale, unit before or after. */
export function formatNumberValue(value: string | null | undefined, prop?: Partial<FieldProperty>): string {
  if (value === null || value === undefined || value === '') return '';
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return value;
  const sign = m[1] === '-' ? '-' : '';
  let int = m[2].replace(/^0+(?=\d)/, '') || '0';
  let frac = m[3] || '';
  const scale = prop?.displayScale !== undefined && prop.displayScale !== '' ? Number(prop.displayScale) : NaN;
  if (Number.isInteger(scale) && scale >= 0) [int, frac] = roundDigits(int, frac, scale);
  if (prop?.digit) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negZero = sign && /^[0,]*$/.test(int) && /^0*$/.test(frac);
  let s = (negZero ? '' : sign) + int + (frac ? '.' + frac : '');
  if (prop?.unit) s = prop.unitPosition === 'BEFORE' ? prop.unit + s : s + prop.unit;
  return s;
}

const dtf = new Map<string, Intl.DateTimeFormat>();
function fmt(kind: 'date' | 'datetime' | 'month' | 'weekday'): Intl.DateTimeFormat {
  const key = `${lang()}:${kind}`;
  let f = dtf.get(key);
  if (!f) {
    const loc = lang() === 'ja' ? 'ja-JP' : 'en-US';
    const opts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }
        : kind === 'datetime'
          ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }
          : kind === 'month'
            ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
            : { weekday: 'short', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(loc, opts);
    dtf.set(key, f);
  }
  return f;
}

/** A DATE value (YYYY-MM-DD) without time-zone shifts. */
export function formatDate(v: string | null | undefined): string {
  if (!v) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return v;
  return fmt('date').format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

/** A UTC date-time as local date and time. */
export function formatDateTimeValue(v: string | null | undefined): string {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : fmt('datetime').format(d);
}

/** "2024年5月" / "May 2024" for a calendar heading. */
export function formatMonth(y: number, m: number): string {
  return fmt('month').format(Date.UTC(y, m - 1, 1));
}

/** Short weekday names, Sunday first. */
export function weekdayNames(): string[] {
  const f = fmt('weekday');
  return [0, 1, 2, 3, 4, 5, 6].map((i) => f.format(Date.UTC(2024, 0, 7 + i)));
}

export function userNames(v: unknown): string {
  if (!v) return '';
  const list = Array.isArray(v) ? (v as UserRef[]) : [v as UserRef];
  return list.map((u) => u.name || u.code).join(', ');
}

/** Rich text as plain text for lists and diffs (tags dropped, common entities decoded); never inserted as HTML. */
export function richToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li)[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * Any field's value as one plain text (lists joined with ", "): for table cells, the
 * history's differences and the calendar. Cheap: no DOM, no sanitiser.
 */
export function valueText(field: RecordField | undefined, prop?: FieldProperty): string {
  if (!field) return '';
  const v = field.value;
  switch (field.type) {
    case 'NUMBER':
      return formatNumberValue(v as string, prop);
    case 'DATE':
      return formatDate(v as string);
    case 'DATETIME':
    case 'CREATED_TIME':
    case 'UPDATED_TIME':
      return formatDateTimeValue(v as string);
    case 'RICH_TEXT':
      return richToText((v as string) || '');
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
      return ((v as string[]) || []).join(', ');
    case 'USER_SELECT':
    case 'CREATOR':
    case 'MODIFIER':
      return userNames(v);
    case 'FILE':
      return ((v as FileRef[]) || []).map((f) => f.name).join(', ');
    case 'SUBTABLE': {
      const rows = (v as SubtableRow[]) || [];
      return rows
        .map((r) =>
          Object.entries(r.value)
            .map(([code, f]) => valueText(f, prop?.fields?.[code]))
            .filter(Boolean)
            .join(' / '),
        )
        .join('\n');
    }
    default:
      return v === null || v === undefined ? '' : String(v);
  }
}
