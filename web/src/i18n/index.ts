// The message catalogue: every string the UI shows comes through t(). Japanese is the
// default; English when the browser prefers it or the user switches. Each area of the
// UI keeps its messages in i18n/messages/<area>.ts and registers them here; the English
// table of each area has the same keys as the Japanese one (the type system checks it).
import { useEffect, useState } from 'preact/hooks';

export type Lang = 'ja' | 'en';
type Table = Record<string, string>;

const tables: Record<Lang, Table> = { ja: {}, en: {} };
const KEY = 'daicho.lang';

function initial(): Lang {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    /* storage unavailable */
  }
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || 'ja';
  return first.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

let current: Lang = initial();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [, bump] = useState(0);
  useEffect(() => {
    const f = () => bump((n) => n + 1);
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return current;
}

/** Adds an area's messages. */
export function register<T extends Table>(ja: T, en: { [K in keyof T]: string }): void {
  Object.assign(tables.ja, ja);
  Object.assign(tables.en, en);
}

/** The message for key in the current language, with {name} placeholders filled. */
/** True when the catalogue has key (for labels picked from data, which may be absent). */
export function hasMessage(key: string): boolean {
  return tables[current][key] !== undefined || tables.ja[key] !== undefined;
}

export function t(key: string, vars?: Record<string, string | number>): string {
  let s = tables[current][key] ?? tables.ja[key];
  if (s === undefined) {
    console.error(`i18n: missing message "${key}"`);
    return key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Formats a number with digit separators in the current language. */
export function formatNumber(value: string, scale?: number): string {
  if (value === '' || value === null || value === undefined) return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const opts: Intl.NumberFormatOptions =
    scale !== undefined && scale >= 0 ? { minimumFractionDigits: scale, maximumFractionDigits: scale } : { maximumFractionDigits: 20 };
  return new Intl.NumberFormat(current === 'ja' ? 'ja-JP' : 'en-US', opts).format(n);
}

/** A UTC date-time as the user's local date and time. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(current === 'ja' ? 'ja-JP' : 'en-US', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(d);
}

/** A byte count for people ("1.5 MB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
