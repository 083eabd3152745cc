// The permissions tab: who may do what with the app's records and settings
// (preview/app/acl.json). Rows are checked from the top and the first that matches the
// person decides, so the order matters and can be changed.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { AclRight, UserRef } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { canonical } from './diff';
import { seen, write, type Rev } from './revision';

type RightKey = 'recordViewable' | 'recordAddable' | 'recordEditable' | 'recordDeletable' | 'recordExportable' | 'appEditable';
const RIGHTS: RightKey[] = ['recordViewable', 'recordAddable', 'recordEditable', 'recordDeletable', 'recordExportable', 'appEditable'];
const NEEDS_VIEW: RightKey[] = ['recordEditable', 'recordDeletable', 'recordExportable'];

export interface PermissionsDraft {
  saved: AclRight[] | null;
  rows: AclRight[] | null;
  users: UserRef[];
  loadError: unknown;
  setRows: (r: AclRight[]) => void;
  dirty: boolean;
  saving: boolean;
  error: unknown;
  done: boolean;
  save: () => Promise<boolean>;
  reload: () => Promise<void>;
}

export function usePermissionsDraft(app: string, rev: Rev): PermissionsDraft {
  const [saved, setSaved] = useState<AclRight[] | null>(null);
  const [rows, setRowsState] = useState<AclRight[] | null>(null);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const reload = async () => {
    setLoadError(null);
    try {
      const [a, u] = await Promise.all([
        api.get<{ rights: AclRight[]; revision: string }>('/k/v1/preview/app/acl.json', { app }),
        api.get<{ users: UserRef[] }>('/api/users.json'),
      ]);
      seen(rev, a.revision);
      setSaved(a.rights);
      setRowsState(a.rights);
      setUsers(u.users);
    } catch (e) {
      setLoadError(e);
    }
  };
  useEffect(() => void reload(), [app]);
  const dirty = !!(saved && rows && canonical(saved) !== canonical(rows));
  const save = async () => {
    if (!rows) return false;
    setSaving(true);
    setError(null);
    setDone(false);
    try {
      await write(rev, 'put', '/k/v1/preview/app/acl.json', { app, rights: rows });
      setSaved(rows);
      setDone(true);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setSaving(false);
    }
  };
  return {
    saved, rows, users, loadError, dirty, saving, error, done, save, reload,
    setRows: (r) => {
      setDone(false);
      setRowsState(r);
    },
  };
}

function entityKey(r: AclRight): string {
  return `${r.entity.type}:${r.entity.code || ''}`;
}

function emptyRight(entity: AclRight['entity']): AclRight {
  return {
    entity, appEditable: false, recordViewable: true, recordAddable: false, recordEditable: false,
    recordDeletable: false, recordImportable: false, recordExportable: false,
  };
}

/** A right changed with the server's rule kept: editing, deleting and exporting need viewing. */
function toggle(r: AclRight, k: RightKey, on: boolean): AclRight {
  const n: AclRight = { ...r, [k]: on };
  if (on && NEEDS_VIEW.includes(k)) n.recordViewable = true;
  if (!on && k === 'recordViewable') NEEDS_VIEW.forEach((x) => (n[x] = false));
  if (k === 'recordAddable') n.recordImportable = on; // reading a file in adds records
  return n;
}

export function Permissions({ p }: { p: PermissionsDraft }) {
  const [pick, setPick] = useState('');
  if (p.loadError) return <ErrorMessage error={p.loadError} onRetry={p.reload} />;
  const rows = p.rows;
  if (!rows) return <Spinner />;
  const name = (r: AclRight) => {
    if (r.entity.type === 'CREATOR') return t('builder.acl.creator');
    if (r.entity.type === 'GROUP') return t('builder.acl.everyone');
    const u = p.users.find((x) => x.code === r.entity.code);
    return u ? `${u.name}（${u.code}）` : r.entity.code || '';
  };
  const has = (type: string, code?: string) => rows.some((r) => r.entity.type === type && (code === undefined || r.entity.code === code));
  const free = p.users.filter((u) => !has('USER', u.code));
  const set = (i: number, r: AclRight) => p.setRows(rows.map((x, j) => (j === i ? r : x)));
  const move = (i: number, d: number) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    next.splice(i + d, 0, r);
    p.setRows(next);
    requestAnimationFrame(() => document.getElementById(`acl-${d < 0 ? 'up' : 'down'}-${entityKey(r)}`)?.focus());
  };
  const add = (entity: AclRight['entity']) => p.setRows([...rows, emptyRight(entity)]);
  const rowError = (i: number) => (p.error instanceof ApiError ? p.error.fieldMessages(`rights[${i}]`) : []);
  const nobodyManages = !rows.some((r) => r.appEditable);
  return (
    <form
      class="card acl-tab"
      onSubmit={(e) => {
        e.preventDefault();
        void p.save();
      }}
    >
      <h2>{t('builder.acl.title')}</h2>
      <p class="acl-lead">{t('builder.acl.lead')}</p>
      <ul class="acl-explain">
        <li>{t('builder.acl.explainOrder')}</li>
        <li>{t('builder.acl.explainNone')}</li>
        <li>{t('builder.acl.explainView')}</li>
      </ul>
      <ErrorMessage error={p.error} />
      {nobodyManages && <p class="b-warn">{t('builder.acl.nobodyManages')}</p>}
      <div class="acl-table-wrap">
        <table class="data acl-table">
          <caption class="visually-hidden">{t('builder.acl.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('builder.acl.order')}</th>
              <th scope="col">{t('builder.acl.who')}</th>
              {RIGHTS.map((k) => (
                <th scope="col" key={k} class="acl-right-head">
                  {t(`builder.acl.${k}`)}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">{t('builder.acl.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const who = name(r);
              const errs = rowError(i);
              return (
                <tr key={entityKey(r)}>
                  <td class="acl-order">{i + 1}</td>
                  <th scope="row" class="acl-who">
                    {who}
                    {errs.map((m) => (
                      <p class="field-error" key={m}>
                        {m}
                      </p>
                    ))}
                  </th>
                  {RIGHTS.map((k) => (
                    <td key={k} class="acl-cell">
                      <label class="acl-check">
                        <input type="checkbox" checked={r[k]} aria-label={t('builder.acl.checkLabel', { right: t(`builder.acl.${k}`), who })} onChange={(e) => set(i, toggle(r, k, e.currentTarget.checked))} />
                        <span class="acl-check-text" aria-hidden="true">
                          {t(`builder.acl.${k}`)}
                        </span>
                      </label>
                    </td>
                  ))}
                  <td class="acl-actions">
                    <button type="button" class="small b-icon-button" id={`acl-up-${entityKey(r)}`} disabled={i === 0} aria-label={t('builder.acl.up', { who })} title={t('builder.acl.up', { who })} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" class="small b-icon-button" id={`acl-down-${entityKey(r)}`} disabled={i === rows.length - 1} aria-label={t('builder.acl.down', { who })} title={t('builder.acl.down', { who })} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" class="small" aria-label={t('builder.acl.remove', { who })} onClick={() => p.setRows(rows.filter((_, j) => j !== i))}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p class="muted">{t('builder.acl.empty')}</p>}
      <div class="acl-add">
        <div class="acl-add-user">
          <label for="acl-user">{t('builder.acl.addUser')}</label>
          <div class="b-inline">
            <select id="acl-user" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
              <option value="">{t('builder.acl.pickUser')}</option>
              {free.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}（{u.code}）
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!pick}
              onClick={() => {
                add({ type: 'USER', code: pick });
                setPick('');
              }}
            >
              {t('builder.acl.add')}
            </button>
          </div>
        </div>
        <div class="acl-add-more">
          {!has('GROUP') && (
            <button type="button" onClick={() => add({ type: 'GROUP', code: 'everyone' })}>
              {t('builder.acl.addEveryone')}
            </button>
          )}
          {!has('CREATOR') && (
            <button type="button" onClick={() => add({ type: 'CREATOR', code: null })}>
              {t('builder.acl.addCreator')}
            </button>
          )}
        </div>
      </div>
      <div class="b-actions">
        <button type="submit" class="primary" disabled={p.saving || !p.dirty}>
          {p.saving ? t('builder.saving') : t('builder.acl.save')}
        </button>
        {p.done && (
          <span class="b-saved" role="status">
            {t('builder.savedPreview')}
          </span>
        )}
      </div>
    </form>
  );
}
