// Admin section "org" (組織 / Organisation): the tree of departments and sections with
// their heads and protection managers (Kuki 第4条); account administrators add, change
// and delete units, import and export the CSV, and move people between sections (人事異動)
// after seeing what they own. Auditors see the same page read-only.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/org';
import { session } from '../../session';

interface Unit {
  id: string;
  kind: 'department' | 'section';
  code: string;
  name: string;
  parent: string;
  head: string;
  managers: string[];
  members: string;
}
interface Owned {
  kind: string;
  id: string;
  label: string;
}
interface MoveResult {
  user: string;
  from: string;
  to: string;
  owned: Owned[];
  cleared: Owned[];
}

const blank = (kind: Unit['kind'], parent = ''): Unit => ({ id: '', kind, code: '', name: '', parent, head: '', managers: [], members: '0' });

function hasFields(e: unknown): boolean {
  return e instanceof ApiError && Object.keys(e.errors || {}).length > 0;
}

function FieldErrors({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || !hasFields(error)) return null;
  return (
    <ul class="org-errors">
      {Object.entries(error.errors).map(([k, v]) => (
        <li key={k}>
          {k}: {v.messages.join(' ')}
        </li>
      ))}
    </ul>
  );
}

function UnitForm(props: { unit: Unit; departments: Unit[]; isNew: boolean; onDone: () => void; onCancel?: () => void }) {
  const [u, setU] = useState<Unit>(props.unit);
  const [managers, setManagers] = useState(props.unit.managers.join(','));
  const [error, setError] = useState<unknown>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const body = {
      name: u.name,
      parent: u.kind === 'section' ? u.parent : '',
      head: u.head,
      managers: u.kind === 'section' ? managers.split(',').map((m) => m.trim()).filter((m) => m) : [],
    };
    try {
      if (props.isNew) await api.post('/api/admin/org.json', { kind: u.kind, code: u.code, ...body });
      else await api.put('/api/admin/org.json', { code: props.unit.code, newCode: u.code, ...body });
      props.onDone();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof Unit) => (e: Event) => setU({ ...u, [k]: (e.target as HTMLInputElement).value });
  const idp = `unit-${props.unit.code || 'new'}`;
  return (
    <form class="card org-form" onSubmit={save} aria-label={props.isNew ? t('org.newUnit') : `${t('org.edit')} ${props.unit.name}`}>
      <ErrorMessage error={hasFields(error) ? null : error} />
      {props.isNew && (
        <label>
          {t('org.kind')}
          <select id={`${idp}-kind`} value={u.kind} onChange={set('kind')}>
            <option value="department">{t('org.department')}</option>
            <option value="section">{t('org.section')}</option>
          </select>
        </label>
      )}
      <label>
        {t('org.code')}
        <input id={`${idp}-code`} value={u.code} onInput={set('code')} required maxLength={64} />
      </label>
      <label>
        {t('org.name')}
        <input id={`${idp}-name`} value={u.name} onInput={set('name')} required />
      </label>
      {u.kind === 'section' && (
        <label>
          {t('org.parent')}
          <select id={`${idp}-parent`} value={u.parent} onChange={set('parent')}>
            <option value="">{t('org.none')}</option>
            {props.departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name} ({d.code})
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('org.head')}
        <input id={`${idp}-head`} value={u.head} onInput={set('head')} list="org-people" />
      </label>
      {u.kind === 'section' && (
        <label>
          {t('org.managers')}
          <input id={`${idp}-managers`} value={managers} onInput={(e) => setManagers((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <div class="inline">
        <button type="submit" class="primary">
          {props.isNew ? t('org.add') : t('org.save')}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('org.cancel')}
          </button>
        )}
      </div>
      <FieldErrors error={error} />
    </form>
  );
}

function MovePanel({ sections, onDone }: { sections: Unit[]; onDone: () => void }) {
  const [user, setUser] = useState('');
  const [to, setTo] = useState('');
  const [preview, setPreview] = useState<MoveResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [moved, setMoved] = useState(false);
  const go = async (dryRun: boolean) => {
    setError(null);
    setMoved(false);
    try {
      const r = await api.post<MoveResult>('/api/admin/user/move.json', { code: user, section: to, dryRun });
      setPreview(r);
      if (!dryRun) {
        setMoved(true);
        onDone();
      }
    } catch (e) {
      setError(e);
    }
  };
  const list = (xs: Owned[]) =>
    xs.length === 0 ? (
      <p class="muted">{t('org.nothing')}</p>
    ) : (
      <ul class="org-owned">
        {xs.map((o) => (
          <li key={`${o.kind}-${o.id}`}>
            {t(`org.kind.${o.kind}`)}: {o.label}
          </li>
        ))}
      </ul>
    );
  return (
    <section class="card" aria-labelledby="org-move-h">
      <h2 id="org-move-h">{t('org.move')}</h2>
      <p class="muted">{t('org.moveLead')}</p>
      <div class="org-form">
        <label>
          {t('org.user')}
          <input id="move-user" value={user} onInput={(e) => { setUser((e.target as HTMLInputElement).value); setPreview(null); }} list="org-people" />
        </label>
        <label>
          {t('org.toSection')}
          <select id="move-section" value={to} onChange={(e) => { setTo((e.target as HTMLSelectElement).value); setPreview(null); }}>
            <option value="">{t('org.none')}</option>
            {sections.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <div class="inline">
          <button type="button" onClick={() => go(true)} disabled={!user || !to}>
            {t('org.check')}
          </button>
          <button type="button" class="primary" onClick={() => go(false)} disabled={!preview || moved}>
            {t('org.doMove')}
          </button>
        </div>
      </div>
      <ErrorMessage error={hasFields(error) ? null : error} />
      <FieldErrors error={error} />
      {moved && <p role="status">{t('org.moved')}</p>}
      {preview && (
        <div class="org-move-preview">
          <p>
            {preview.user}: {preview.from || t('org.none')} → {preview.to}
          </p>
          <h3>{t('org.owned')}</h3>
          {list(preview.owned)}
          <h3>{t('org.cleared')}</h3>
          {list(preview.cleared)}
        </div>
      )}
    </section>
  );
}

function CsvPanel({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const load = async (e: Event) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) setText(await f.text());
  };
  const run = async () => {
    setError(null);
    setDone('');
    try {
      const r = await api.post<{ created: string; changed: string }>('/api/admin/org/import.json', { csv: text });
      setDone(t('org.imported', r));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card" aria-labelledby="org-csv-h">
      <h2 id="org-csv-h">{t('org.csv')}</h2>
      <p class="inline">
        <a href="/api/admin/org.csv" download="organisation.csv">
          {t('org.export')}
        </a>
        <a href="/api/admin/org/members.csv" download="members.csv">
          {t('org.exportMembers')}
        </a>
      </p>
      <p class="muted">{t('org.importLead')}</p>
      <div class="inline">
        <input type="file" accept=".csv,text/csv" aria-label={t('org.import')} onChange={load} />
        <button type="button" onClick={run} disabled={!text}>
          {t('org.import')}
        </button>
      </div>
      <ErrorMessage error={hasFields(error) ? null : error} />
      <FieldErrors error={error} />
      {done && <p role="status">{done}</p>}
    </section>
  );
}

export function OrgAdmin() {
  useLang();
  const s = session();
  const canEdit = !!s && (s.user.roles || []).includes('account_admin');
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [people, setPeople] = useState<{ code: string; name: string }[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      setUnits((await api.get<{ units: Unit[] }>('/api/admin/org.json')).units);
      setPeople((await api.get<{ users: { code: string; name: string }[] }>('/api/users.json')).users);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    load();
  }, []);
  const remove = async (u: Unit) => {
    setError(null);
    try {
      await api.del('/api/admin/org.json', { code: u.code });
      await load();
    } catch (e) {
      setError(e);
    }
  };
  if (!units) return <ErrorMessage error={error} />;
  const departments = units.filter((u) => u.kind === 'department');
  const sections = units.filter((u) => u.kind === 'section');
  const row = (u: Unit) => (
    <div class="org-unit">
      <strong>{u.name}</strong>
      <span class="org-code">{u.code}</span>
      <span class="org-meta">
        {t('org.head')}: {u.head || t('org.none')}
        {u.kind === 'section' && ` · ${t('org.managers').replace(/（.*|\s*\(.*/, '')}: ${u.managers.join(', ') || t('org.none')}`}
        {` · ${t('org.members')}: ${u.members}`}
      </span>
      {canEdit && (
        <span class="inline">
          <button type="button" class="link-button" onClick={() => setEditing(u.code)} aria-label={`${t('org.edit')} ${u.name}`}>
            {t('org.edit')}
          </button>
          <button type="button" class="link-button danger" onClick={() => remove(u)} aria-label={`${t('org.delete')} ${u.name}`}>
            {t('org.delete')}
          </button>
        </span>
      )}
      {editing === u.code && (
        <UnitForm unit={u} departments={departments} isNew={false} onDone={() => { setEditing(null); load(); }} onCancel={() => setEditing(null)} />
      )}
    </div>
  );
  const orphans = sections.filter((x) => !departments.some((d) => d.code === x.parent));
  return (
    <div class="org-admin">
      <p class="muted">{t('org.lead')}</p>
      {!canEdit && <p class="notice">{t('org.readOnly')}</p>}
      <ErrorMessage error={error} />
      <datalist id="org-people">
        {people.map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </datalist>
      <ul class="org-tree" aria-label={t('org.units')}>
        {departments.map((d) => (
          <li key={d.code}>
            {row(d)}
            <ul>
              {sections
                .filter((x) => x.parent === d.code)
                .map((x) => (
                  <li key={x.code}>{row(x)}</li>
                ))}
            </ul>
          </li>
        ))}
        {orphans.map((x) => (
          <li key={x.code}>{row(x)}</li>
        ))}
      </ul>
      {canEdit && (
        <section aria-labelledby="org-new-h">
          <h2 id="org-new-h">{t('org.newUnit')}</h2>
          <UnitForm key={units.length} unit={blank('department')} departments={departments} isNew onDone={load} />
        </section>
      )}
      {canEdit && <MovePanel sections={sections} onDone={load} />}
      {canEdit ? <CsvPanel onDone={load} /> : (
        <p>
          <a href="/api/admin/org.csv" download="organisation.csv">
            {t('org.export')}
          </a>
        </p>
      )}
    </div>
  );
}
