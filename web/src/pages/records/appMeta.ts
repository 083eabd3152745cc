// What a record page needs to know about its app before showing anything: the app, its
// form (fields and layout) and what the signed-in user may do with it. Loaded in
// parallel on each page visit, so a form just deployed from the builder shows at once.
// The active users (for pickers, mentions and graph labels) are loaded once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { App, LayoutRow, Properties, UserRef, View } from '../../api/types';

export interface Rights {
  view: boolean;
  add: boolean;
  edit: boolean;
  delete: boolean;
  manage: boolean;
  export: boolean;
}

export interface AppMeta {
  app: App;
  props: Properties;
  layout: LayoutRow[];
  rights: Rights;
}

export async function loadMeta(appId: string): Promise<AppMeta> {
  const [app, fields, layout, rights] = await Promise.all([
    api.get<App>('/k/v1/app.json', { id: appId }),
    api.get<{ properties: Properties }>('/k/v1/app/form/fields.json', { app: appId }),
    api.get<{ layout: LayoutRow[] }>('/k/v1/app/form/layout.json', { app: appId }),
    api.get<Rights>('/api/app/rights.json', { app: appId }),
  ]);
  return { app, props: fields.properties, layout: layout.layout, rights };
}

/** Loads an app's meta for a page; error holds the server's refusal (shown by ErrorMessage). */
export function useAppMeta(appId: string) {
  const [meta, setMeta] = useState<AppMeta | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    loadMeta(appId).then(setMeta, setError);
  };
  useEffect(load, [appId]);
  return { meta, error, reload: load };
}

export type ViewMap = Record<string, View>;

/** The app's live views, lowest index first. */
export async function loadViews(appId: string): Promise<View[]> {
  const r = await api.get<{ views: ViewMap }>('/k/v1/app/views.json', { app: appId });
  return Object.values(r.views).sort((a, b) => Number(a.index) - Number(b.index));
}

let users: Promise<UserRef[]> | null = null;

/** Every active user (code and name), loaded once per page load. */
export function loadUsers(): Promise<UserRef[]> {
  if (!users) {
    users = api.get<{ users: UserRef[] }>('/api/users.json').then(
      (r) => r.users,
      (e) => {
        users = null;
        throw e;
      },
    );
  }
  return users;
}

export function useUsers(): UserRef[] {
  const [list, setList] = useState<UserRef[]>([]);
  useEffect(() => {
    loadUsers().then(setList, () => setList([]));
  }, []);
  return list;
}

/** System field types: shown, never edited in the form. */
export const SYSTEM_TYPES = new Set(['RECORD_NUMBER', 'CREATOR', 'CREATED_TIME', 'MODIFIER', 'UPDATED_TIME', '__ID__', '__REVISION__']);

/** The record-number field's code (its name depends on the language the app was made in). */
export function recordNumberCode(props: Properties): string {
  return Object.values(props).find((p) => p.type === 'RECORD_NUMBER')?.code || '$id';
}

/**
 * Top-level fields in the order of the form's layout (fields the layout leaves out
 * follow, system fields last).
 */
export function fieldOrder(props: Properties, layout: LayoutRow[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const row of layout) {
    if (row.type === 'SUBTABLE' && row.code && props[row.code]) {
      if (!seen.has(row.code)) out.push(row.code);
      seen.add(row.code);
      continue;
    }
    for (const f of row.fields || []) {
      if (f.code && props[f.code] && !seen.has(f.code)) {
        seen.add(f.code);
        out.push(f.code);
      }
    }
  }
  const rest = Object.values(props).filter((p) => !seen.has(p.code));
  rest.sort((a, b) => Number(SYSTEM_TYPES.has(a.type)) - Number(SYSTEM_TYPES.has(b.type)));
  return out.concat(rest.map((p) => p.code));
}
