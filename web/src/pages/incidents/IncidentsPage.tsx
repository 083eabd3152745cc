// /incidents: incident records (Kuki 第39–41条). Everyone reports and sees their own
// reports; the section's protection managers, the chief protection managers and security
// administrators handle (timeline entries, escalation, status, severity, the national
// report flag); auditors read. /incidents?id=N opens one incident with its timeline.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/incidents';
import '../../styles/incidents.css';
import { navigate, onLinkClick } from '../../router';
import { IncidentDetail } from './IncidentDetail';

export interface Incident {
  id: string;
  kind: string;
  kindCode: string;
  summary: string;
  action: string;
  status: string;
  level: string;
  serious: boolean;
  nationalReport: boolean;
  nationalReportDate: string;
  reporter: string;
  reporterName: string;
  subject: string;
  section: string;
  sectionName: string;
  createdAt: string;
  updatedAt: string;
}

export const KINDS = ['leaked', 'lost', 'tampering', 'failure', 'other'];
export const STATUSES = ['open', 'contained', 'recurrence_prevention', 'closed'];
export const LEVELS = ['protection_manager', 'chief', 'mayor'];

function ReportForm({ onDone }: { onDone: (id: string) => void }) {
  const [form, setForm] = useState({ kind: 'leaked', summary: '', serious: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ id: string }>('/api/incidents.json', form);
      setForm({ kind: 'leaked', summary: '', serious: false });
      onDone(r.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card incident-report" onSubmit={submit}>
      <h2>{t('incidents.report')}</h2>
      <p class="hint">{t('incidents.reportLead')}</p>
      <ErrorMessage error={error} />
      <label for="inc-kind">{t('incidents.kind')}</label>
      <select id="inc-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`incidents.kind.${k}`)}
          </option>
        ))}
      </select>
      <label for="inc-summary">{t('incidents.summary')}</label>
      <textarea id="inc-summary" rows={3} maxLength={4000} required value={form.summary} onInput={(e) => setForm({ ...form, summary: e.currentTarget.value })} />
      <label class="checkbox">
        <input type="checkbox" checked={form.serious} onChange={(e) => setForm({ ...form, serious: e.currentTarget.checked })} />
        {t('incidents.serious')}
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy || !form.summary.trim()}>
          {t('incidents.submit')}
        </button>
      </div>
    </form>
  );
}

function IncidentList() {
  const [filters, setFilters] = useState({ status: '', kind: '', level: '', serious: '' });
  const [list, setList] = useState<Incident[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const load = async () => {
    setError(null);
    try {
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(filters)) if (v) q[k] = v;
      const r = await api.get<{ incidents: Incident[]; totalCount: string }>('/api/incidents.json', q);
      setList(r.incidents);
      setTotal(Number(r.totalCount));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [filters.status, filters.kind, filters.level, filters.serious]);
  const select = (key: keyof typeof filters, values: string[], label: string, prefix: string) => (
    <label>
      {label}
      <select value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value })}>
        <option value="">{t('incidents.any')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {prefix ? t(`${prefix}.${v}`) : v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <ReportForm
        onDone={(id) => {
          setDone(t('incidents.reported', { id }));
          void load();
        }}
      />
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <div class="card">
        <fieldset class="inline incident-filters">
          <legend>{t('incidents.filters')}</legend>
          {select('status', STATUSES, t('incidents.status'), 'incidents.status')}
          {select('kind', KINDS, t('incidents.kind'), 'incidents.kind')}
          {select('level', LEVELS, t('incidents.level'), 'incidents.level')}
          <label>
            {t('incidents.seriousCol')}
            <select value={filters.serious} onChange={(e) => setFilters({ ...filters, serious: e.currentTarget.value })}>
              <option value="">{t('incidents.any')}</option>
              <option value="1">{t('incidents.yes')}</option>
            </select>
          </label>
        </fieldset>
        <ErrorMessage error={error} onRetry={load} />
        {list && list.length === 0 && <p class="muted">{t('incidents.none')}</p>}
        {list && list.length > 0 && (
          <>
            <p class="muted">{t('incidents.total', { n: total })}</p>
            <table class="data incidents-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('incidents.kind')}</th>
                  <th scope="col">{t('incidents.summary')}</th>
                  <th scope="col">{t('incidents.status')}</th>
                  <th scope="col">{t('incidents.level')}</th>
                  <th scope="col">{t('incidents.seriousCol')}</th>
                  <th scope="col">{t('incidents.national')}</th>
                  <th scope="col">{t('incidents.section')}</th>
                  <th scope="col">{t('incidents.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((i) => (
                  <tr key={i.id} class={i.serious ? 'serious' : ''}>
                    <td>
                      <a href={`/incidents?id=${i.id}`} onClick={onLinkClick}>
                        #{i.id}
                      </a>
                    </td>
                    <td>{t(`incidents.kind.${i.kindCode}`)}</td>
                    <td class="clip">{i.summary}</td>
                    <td>{t(`incidents.status.${i.status}`)}</td>
                    <td>{t(`incidents.level.${i.level}`)}</td>
                    <td>{i.serious ? t('incidents.yes') : ''}</td>
                    <td>{i.nationalReport ? i.nationalReportDate : ''}</td>
                    <td>{i.sectionName}</td>
                    <td>{formatDateTime(i.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </>
  );
}

export function IncidentsPage({ id }: { id?: string }) {
  useLang();
  return (
    <Layout title={id ? t('incidents.detail', { id }) : t('incidents.title')} crumbs={id ? [{ href: '/incidents', label: t('incidents.title') }] : []}>
      {!id && <p class="lead">{t('incidents.lead')}</p>}
      {id ? <IncidentDetail id={id} onBack={() => navigate('/incidents')} /> : <IncidentList />}
    </Layout>
  );
}
