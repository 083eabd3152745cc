// The admin section "report" (監査報告, Kuki 第42–44条): the auditor chooses a period and
// gets one printable page with the app ledger, the permissions of class Ⅰ apps, the
// access log's verification, the download thresholds with their last review, and the
// incidents and approvals of the period. Print CSS hides the console around it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { formatDateTime, formatNumber, t, useLang } from '../../i18n';
import '../../i18n/messages/ledger';
import '../../styles/ledger.css';
import { LedgerTable, type LedgerApp } from './Ledger';

interface Report {
  from: string;
  to: string;
  generatedAt: string;
  generatedBy: { code: string; name: string } | null;
  ledger: { apps: LedgerApp[] };
  permissions: {
    app: string;
    name: string;
    classLabel: string;
    entries: { type: string; code: string; view: boolean; edit: boolean; export: boolean }[];
    systemAdmins: string[];
  }[];
  verification: { ok: boolean; entries: string; checkpoints: string; problems: string; details: string[] };
  thresholds: {
    enabled: boolean;
    apps: { app: string; name: string; threshold: string; usesDefault: boolean; hardCap: string; reviewedBy: string; reviewedAt: string }[];
  };
  incidents: { id: string; at: string; kind: string; reporter: string; summary: string; status: string }[];
  approvals: {
    id: string;
    appName: string;
    kind: string;
    status: string;
    requestedBy: { code: string; name: string } | null;
    requestedAt: string;
    decidedAt: string;
    steps: { approver: string; decision: string }[];
  }[];
}

function day(offset: number): string {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toISOString().slice(0, 10);
}

const yes = (b: boolean) => (b ? '○' : '');

export function AuditReport() {
  useLang();
  const [from, setFrom] = useState(day(-29));
  const [to, setTo] = useState(day(0));
  const [period, setPeriod] = useState({ from: day(-29), to: day(0) });
  const [rep, setRep] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setError(null);
    setBusy(true);
    api
      .get<Report>('/api/audit/app-report.json', period)
      .then(setRep, setError)
      .finally(() => setBusy(false));
  }, [period]);
  return (
    <div class="report-page">
      <div class="card no-print">
        <p>{t('auditReport.intro')}</p>
        <form
          class="audit-filters"
          onSubmit={(e) => {
            e.preventDefault();
            setPeriod({ from, to });
          }}
        >
          <label>
            {t('auditReport.from')}
            <input type="date" name="from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t('auditReport.to')}
            <input type="date" name="to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">{t('auditReport.make')}</button>
          <span class="spacer" />
          <button type="button" class="primary" id="report-print" onClick={() => window.print()} disabled={!rep}>
            {t('auditReport.print')}
          </button>
        </form>
        <ErrorMessage error={error} />
      </div>
      {busy && <Spinner />}
      {rep && (
        <article class="report print-area" id="audit-report">
          <h2>{t('auditReport.title')}</h2>
          <p>{t('auditReport.period', { from: rep.from, to: rep.to })}</p>
          <p class="hint">{t('auditReport.generated', { at: formatDateTime(rep.generatedAt), by: rep.generatedBy ? `${rep.generatedBy.name} (${rep.generatedBy.code})` : '' })}</p>

          <h3>{t('auditReport.ledger')}</h3>
          <LedgerTable apps={rep.ledger.apps} />

          <h3>{t('auditReport.permissions')}</h3>
          {rep.permissions.length === 0 && <p>{t('auditReport.noClassOne')}</p>}
          {rep.permissions.map((p) => (
            <div key={p.app} class="report-perm" data-app={p.app}>
              <h4>
                {p.name} <span class="hint">#{p.app} {p.classLabel}</span>
              </h4>
              <table class="data">
                <thead>
                  <tr>
                    <th>{t('auditReport.entity')}</th>
                    <th>{t('auditReport.view')}</th>
                    <th>{t('auditReport.edit')}</th>
                    <th>{t('auditReport.export')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.entries.map((e, i) => (
                    <tr key={i}>
                      <td>{e.type === 'GROUP' && e.code === 'everyone' ? t('ledger.everyone') : `${e.code}${e.type === 'USER' ? '' : ` (${e.type})`}`}</td>
                      <td class="center">{yes(e.view)}</td>
                      <td class="center">{yes(e.edit)}</td>
                      <td class="center">{yes(e.export)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="hint">{t('auditReport.sysadmins', { names: p.systemAdmins.join('、') })}</p>
            </div>
          ))}

          <h3>{t('auditReport.verify')}</h3>
          <p id="report-verify" class={rep.verification.ok ? 'ok' : 'error'}>
            {rep.verification.ok
              ? t('auditReport.verifyOk', { entries: formatNumber(rep.verification.entries), checkpoints: rep.verification.checkpoints })
              : t('auditReport.verifyBad', { n: rep.verification.problems })}
          </p>
          {rep.verification.details.length > 0 && (
            <ul>
              {rep.verification.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}

          <h3>{t('auditReport.thresholds')}</h3>
          {!rep.thresholds.enabled && <p class="hint">{t('auditReport.thresholdsOff')}</p>}
          <table class="data">
            <thead>
              <tr>
                <th>{t('ledger.app')}</th>
                <th>{t('auditReport.threshold')}</th>
                <th>{t('auditReport.cap')}</th>
                <th>{t('auditReport.reviewed')}</th>
              </tr>
            </thead>
            <tbody>
              {rep.thresholds.apps.map((a) => (
                <tr key={a.app}>
                  <td>
                    {a.name} <span class="hint">#{a.app}</span>
                  </td>
                  <td class="num">{formatNumber(a.threshold)}</td>
                  <td class="num">{a.hardCap === '0' ? '—' : formatNumber(a.hardCap)}</td>
                  <td>{a.reviewedAt ? `${a.reviewedBy} ${formatDateTime(a.reviewedAt)}` : t('ledger.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>{t('auditReport.incidents')}</h3>
          {rep.incidents.length === 0 ? (
            <p>{t('auditReport.noIncidents')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th>{t('auditReport.at')}</th>
                  <th>{t('auditReport.kind')}</th>
                  <th>{t('auditReport.summary')}</th>
                  <th>{t('auditReport.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rep.incidents.map((x) => (
                  <tr key={x.id}>
                    <td class="nowrap">{formatDateTime(x.at)}</td>
                    <td>{x.kind}</td>
                    <td>{x.summary}</td>
                    <td>{x.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3>{t('auditReport.approvals')}</h3>
          {rep.approvals.length === 0 ? (
            <p>{t('auditReport.noApprovals')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th>{t('auditReport.at')}</th>
                  <th>{t('ledger.app')}</th>
                  <th>{t('auditReport.kind')}</th>
                  <th>{t('auditReport.requestedBy')}</th>
                  <th>{t('auditReport.steps')}</th>
                  <th>{t('auditReport.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rep.approvals.map((x) => (
                  <tr key={x.id}>
                    <td class="nowrap">{formatDateTime(x.decidedAt || x.requestedAt)}</td>
                    <td>{x.appName}</td>
                    <td>{x.kind}</td>
                    <td>{x.requestedBy ? x.requestedBy.code : ''}</td>
                    <td>{x.steps.map((s) => `${s.approver} ${s.decision}`).join('、')}</td>
                    <td>{x.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      )}
    </div>
  );
}
