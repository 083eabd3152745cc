// One incident: its facts, the timeline (who, when, what), and for those who handle it
// the forms to add an entry (containment with the action taken, cause, prevention shared
// with named sections, note), escalate, move the status one step, mark it serious and set
// the national report flag (APPI Art. 68).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { formatDateTime, t } from '../../i18n';
import { onLinkClick } from '../../router';
import { session } from '../../session';
import { LEVELS, STATUSES, type Incident } from './IncidentsPage';

interface Entry {
  id: string;
  at: string;
  user: string;
  userName: string;
  kind: string;
  text: string;
  detail: { to?: string; action?: string; sections?: string[]; nationalReport?: boolean; date?: string; serious?: boolean };
}
type Full = Incident & { canHandle: boolean; entries: Entry[] };
interface Unit {
  kind: string;
  code: string;
  name: string;
}

const ENTRY_KINDS = ['containment', 'cause', 'prevention', 'note'];
const ACTIONS = ['suspend_user', 'revoke_device', 'revoke_token', 'reset_password', 'disconnect', 'other'];

function entryDetail(e: Entry): string {
  if (e.kind === 'escalation' && e.detail.to) return t('incidents.entry.to', { to: t(`incidents.level.${e.detail.to}`) });
  if (e.kind === 'status' && e.detail.to) return t('incidents.entry.to', { to: t(`incidents.status.${e.detail.to}`) });
  if (e.kind === 'containment' && e.detail.action) return t(`incidents.contain.${e.detail.action}`);
  if (e.kind === 'prevention' && e.detail.sections && e.detail.sections.length) return t('incidents.entry.sections', { s: e.detail.sections.join(', ') });
  if (e.kind === 'national') return e.detail.nationalReport ? e.detail.date || '' : '—';
  return '';
}

function EntryForm({ inc, units, onDone }: { inc: Full; units: Unit[]; onDone: () => void }) {
  const [kind, setKind] = useState('containment');
  const [action, setAction] = useState('suspend_user');
  const [text, setText] = useState('');
  const [sections, setSections] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/api/incident/entry.json', { id: inc.id, kind, text, action: kind === 'containment' ? action : undefined, sections: kind === 'prevention' ? sections : undefined });
      setText('');
      setSections([]);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('incidents.addEntry')}</h2>
      <ErrorMessage error={error} />
      <label for="entry-kind">{t('incidents.entryKind')}</label>
      <select id="entry-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
        {ENTRY_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`incidents.entry.${k}`)}
          </option>
        ))}
      </select>
      {kind === 'containment' && (
        <>
          <label for="entry-action">{t('incidents.containAction')}</label>
          <select id="entry-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`incidents.contain.${a}`)}
              </option>
            ))}
          </select>
          <p class="hint">
            {t('incidents.containLinks')}{' '}
            <a href="/admin/users" onClick={onLinkClick}>
              {t('incidents.link.users')}
            </a>
            {' · '}
            <a href="/admin/devices" onClick={onLinkClick}>
              {t('incidents.link.devices')}
            </a>
          </p>
        </>
      )}
      {kind === 'prevention' && (
        <fieldset class="incident-share">
          <legend>{t('incidents.shareSections')}</legend>
          {units
            .filter((u) => u.kind === 'section')
            .map((u) => (
              <label key={u.code} class="checkbox">
                <input
                  type="checkbox"
                  checked={sections.includes(u.code)}
                  onChange={(e) => setSections(e.currentTarget.checked ? [...sections, u.code] : sections.filter((c) => c !== u.code))}
                />
                {u.name}
              </label>
            ))}
        </fieldset>
      )}
      <label for="entry-text">{t('incidents.entryText')}</label>
      <textarea id="entry-text" rows={3} maxLength={4000} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={!text.trim()}>
          {t('incidents.save')}
        </button>
      </div>
    </form>
  );
}

function Handle({ inc, onDone }: { inc: Full; onDone: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [national, setNational] = useState({ on: inc.nationalReport, date: inc.nationalReportDate });
  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      setNote('');
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const levelIdx = LEVELS.indexOf(inc.level);
  const chief = (session()?.user.roles || []).includes('chief_protection_manager');
  /* The report to the mayor's office is the chief protection manager's (Kuki 第39条4). */
  const up = levelIdx >= 0 && levelIdx < LEVELS.length - 1 ? LEVELS[levelIdx + 1] : '';
  const next = up === 'mayor' && !chief ? '' : up;
  const statusIdx = STATUSES.indexOf(inc.status);
  const nextStatus = statusIdx >= 0 && statusIdx < STATUSES.length - 1 ? STATUSES[statusIdx + 1] : '';
  const closed = inc.status === 'closed';
  return (
    <div class="card incident-handle">
      <ErrorMessage error={error} />
      {!closed && (
        <>
          <h2>{t('incidents.escalate')}</h2>
          <label for="esc-text">{t('incidents.escalateText')}</label>
          <textarea id="esc-text" rows={2} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <p class="hint">{t('incidents.escalateHint')}</p>
          <div class="form-actions">
            {next && (
              <button type="button" onClick={() => run(() => api.post('/api/incident/escalate.json', { id: inc.id, text: note }))}>
                {t('incidents.escalateTo', { to: t(`incidents.level.${next}`) })}
              </button>
            )}
            {nextStatus && (
              <button type="button" class="primary" onClick={() => run(() => api.post('/api/incident/status.json', { id: inc.id, status: nextStatus, text: note }))}>
                {t('incidents.statusNext', { to: t(`incidents.status.${nextStatus}`) })}
              </button>
            )}
          </div>
          <p class="hint">{t('incidents.statusNeeds')}</p>
          {!inc.serious && (
            <button type="button" class="danger" onClick={() => run(() => api.post('/api/incident/status.json', { id: inc.id, serious: true, text: note }))}>
              {t('incidents.markSerious')}
            </button>
          )}
        </>
      )}
      <fieldset class="incident-national">
        <legend>{t('incidents.national')}</legend>
        <label class="checkbox">
          <input type="checkbox" checked={national.on} onChange={(e) => setNational({ ...national, on: e.currentTarget.checked })} />
          {t('incidents.nationalReport')}
        </label>
        <label for="nat-date">{t('incidents.nationalDate')}</label>
        <input id="nat-date" type="date" value={national.date} disabled={!national.on} onInput={(e) => setNational({ ...national, date: e.currentTarget.value })} />
        <div class="form-actions">
          <button type="button" onClick={() => run(() => api.post('/api/incident/status.json', { id: inc.id, nationalReport: national.on, nationalReportDate: national.on ? national.date : '' }))}>
            {t('incidents.saveNational')}
          </button>
        </div>
      </fieldset>
    </div>
  );
}

export function IncidentDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const [inc, setInc] = useState<Full | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    setError(null);
    try {
      setInc((await api.get<{ incident: Full }>('/api/incident.json', { id })).incident);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
    api.get<{ units: Unit[] }>('/api/org.json').then((r) => setUnits(r.units), () => setUnits([]));
  }, [id]);
  if (error) return <ErrorMessage error={error} onRetry={load} />;
  if (!inc) return <Spinner />;
  return (
    <div class="incident-detail">
      <p>
        <a href="/incidents" onClick={(e) => { e.preventDefault(); onBack(); }}>
          {t('incidents.back')}
        </a>
      </p>
      <div class="card">
        <dl class="incident-facts">
          <div><dt>{t('incidents.kind')}</dt><dd>{t(`incidents.kind.${inc.kindCode}`)}</dd></div>
          <div><dt>{t('incidents.status')}</dt><dd>{t(`incidents.status.${inc.status}`)}</dd></div>
          <div><dt>{t('incidents.level')}</dt><dd>{t(`incidents.level.${inc.level}`)}</dd></div>
          <div><dt>{t('incidents.seriousCol')}</dt><dd>{inc.serious ? t('incidents.yes') : '—'}</dd></div>
          <div><dt>{t('incidents.national')}</dt><dd>{inc.nationalReport ? inc.nationalReportDate : '—'}</dd></div>
          <div><dt>{t('incidents.section')}</dt><dd>{inc.sectionName || '—'}</dd></div>
          <div><dt>{t('incidents.reporter')}</dt><dd>{inc.reporterName || inc.reporter || '—'}</dd></div>
          {inc.subject && <div><dt>{t('incidents.subject')}</dt><dd>{inc.subject}</dd></div>}
          {inc.action && <div><dt>{t('incidents.action')}</dt><dd>{inc.action}</dd></div>}
          <div><dt>{t('incidents.createdAt')}</dt><dd>{formatDateTime(inc.createdAt)}</dd></div>
        </dl>
        <p class="pre-wrap">{inc.summary}</p>
      </div>
      <div class="card">
        <h2>{t('incidents.timeline')}</h2>
        <ol class="incident-timeline">
          {inc.entries.map((e) => (
            <li key={e.id} class={`entry-${e.kind}`}>
              <div class="entry-head">
                <strong>{t(`incidents.entry.${e.kind}`)}</strong> <span>{entryDetail(e)}</span>
                <span class="muted">
                  {' '}
                  {e.userName || e.user || t('incidents.entry.system')} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </span>
              </div>
              {e.text && <p class="pre-wrap">{e.text}</p>}
            </li>
          ))}
        </ol>
      </div>
      {inc.canHandle ? (
        <>
          {inc.status !== 'closed' && <EntryForm inc={inc} units={units} onDone={load} />}
          <Handle inc={inc} onDone={load} />
        </>
      ) : (
        <p class="muted">{t('incidents.readOnly')}</p>
      )}
    </div>
  );
}
