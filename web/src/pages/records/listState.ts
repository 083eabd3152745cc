// What the list shows: columns, filter, sort, page, page size and the quick search. It
// starts from the chosen view and is kept for the browser tab, so coming back from a
// record finds the list as it was (unless the view itself changed meanwhile).
import type { LayoutRow, Properties, View } from '../../api/types';
import { fieldOrder, recordNumberCode } from './appMeta';
import { parseSort, type SortKey } from './queryBuild';

export interface ListState {
  columns: string[];
  filter: string;
  sort: SortKey[];
  size: number;
  page: number;
  q: string;
}

export const PAGE_SIZES = [20, 50, 100];

/**
 * The "all fields" columns: every field but subtables, in form order (the record number
 * is the link at the start of each row already).
 */
export function allColumns(props: Properties, layout: LayoutRow[]): string[] {
  const num = recordNumberCode(props);
  return fieldOrder(props, layout).filter((c) => c !== num && props[c].type !== 'SUBTABLE');
}

export function fromView(v: View | undefined, props: Properties, layout: LayoutRow[]): ListState {
  const cols = (v?.fields || []).filter((c) => props[c]);
  return {
    columns: cols.length ? cols : allColumns(props, layout),
    filter: v?.filterCond || '',
    sort: parseSort(v?.sort || ''),
    size: PAGE_SIZES[0],
    page: 0,
    q: '',
  };
}

const key = (app: string, view: View | undefined) => `daicho.list.${app}.${view?.id || 'all'}`;
const sig = (v: View | undefined) => JSON.stringify([v?.fields, v?.filterCond, v?.sort, v?.date, v?.title]);

export function restore(app: string, view: View | undefined, props: Properties, layout: LayoutRow[]): ListState {
  const base = fromView(view, props, layout);
  try {
    const saved = JSON.parse(sessionStorage.getItem(key(app, view)) || 'null');
    if (saved && saved.sig === sig(view) && Array.isArray(saved.state?.columns)) {
      const s = saved.state as ListState;
      return { ...base, ...s, columns: s.columns.filter((c) => props[c]), size: PAGE_SIZES.includes(s.size) ? s.size : base.size };
    }
  } catch {
    /* storage unavailable or old data: start from the view */
  }
  return base;
}

export function remember(app: string, view: View | undefined, state: ListState): void {
  try {
    sessionStorage.setItem(key(app, view), JSON.stringify({ sig: sig(view), state }));
  } catch {
    /* storage unavailable */
  }
}

/** The list address (with its view) last shown for an app, for "back to the list" links. */
export function listUrl(app: string): string {
  try {
    return sessionStorage.getItem(`daicho.listUrl.${app}`) || `/apps/${app}`;
  } catch {
    return `/apps/${app}`;
  }
}

export function rememberListUrl(app: string, view?: string): void {
  try {
    sessionStorage.setItem(`daicho.listUrl.${app}`, view ? `/apps/${app}?view=${encodeURIComponent(view)}` : `/apps/${app}`);
  } catch {
    /* storage unavailable */
  }
}
