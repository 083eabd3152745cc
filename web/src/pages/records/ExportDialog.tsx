// Exporting the current list as CSV: the filter, order and columns in view; UTF-8 (with
// a byte-order mark) or Shift_JIS for Excel; column names as labels or field codes.
// The server writes the file; it is fetched first so a refusal shows as its message,
// and characters Shift_JIS cannot hold are counted for the person. Under the export
// rules (docs/EXPORT.md) the dialog asks for the reason a class Ⅰ app needs, says when
// personal data will wait for a second person's approval, and shows the request once the
// server holds it (202) with the way to "My exports".
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, downloadUrl } from '../../api/client';
import type { Properties } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatNumber, lang, t } from '../../i18n';
import '../../i18n/messages/exports';
import '../../styles/exports.css';
import { onLinkClick } from '../../router';
import { isDownloadWarning, ReasonForm, reasonHeaders } from '../downloads/DownloadReason';
import { sortText, type SortKey } from './queryBuild';

/** What the export rules ask of this app (GET /api/export/rules.json). */
export interface ExportRules {
  rules: boolean;
  infoClass: string;
  reasonRequired: boolean;
  personalApp: boolean;
  personalFields: string[];
  approvalThreshold: string;
  releaseHours: string;
}

/** A held export, as the server answered 202. */
interface Held {
  id: string;
  count: string;
  approvers: string;
}

/** Saves a fetched CSV response under the server's file name. */
export async function saveResponse(r: Response, fallback: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '')?.[1] || fallback;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function ExportDialog(p: { app: string; props: Properties; cond: string; sort: SortKey[]; columns: string[]; total: number | null; onClose: () => void }) {
  const [encoding, setEncoding] = useState<'UTF-8' | 'Shift_JIS'>('UTF-8');
  const [header, setHeader] = useState<'label' | 'code'>('label');
  const fields = p.columns.filter((c) => p.props[c] && p.props[c].type !== 'SUBTABLE');
  const query = [p.cond, p.sort.length ? `order by ${sortText(p.sort)}` : ''].filter(Boolean).join(' ');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lost, setLost] = useState(0);
  const [rules, setRules] = useState<ExportRules | null>(null);
  const [why, setWhy] = useState('');
  const [whyShort, setWhyShort] = useState(false);
  const [held, setHeld] = useState<Held | null>(null);
  useEffect(() => {
    api.get<ExportRules>('/api/export/rules.json', { app: p.app }).then(setRules, () => setRules(null));
  }, [p.app]);
  const personal = !!rules && (rules.personalApp || fields.some((f) => rules.personalFields.includes(f)));
  const threshold = Number(rules?.approvalThreshold || 0);
  const needsApproval = !!rules?.rules && personal && threshold > 0 && p.total !== null && p.total > threshold;
  const download = async (reason: string | null = null) => {
    const stated = why.trim();
    if (rules?.reasonRequired && [...stated].length < 4) {
      setWhyShort(true);
      return;
    }
    setBusy(true);
    setError(null);
    setLost(0);
    try {
      const headers: Record<string, string> = { ...reasonHeaders(reason), 'Accept-Language': lang() };
      if (stated) headers['X-Daicho-Reason'] = encodeURIComponent(stated);
      const r = await fetch(downloadUrl('/api/records/export.csv', { app: p.app, query, fields, encoding, header }), {
        credentials: 'same-origin',
        headers,
      });
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        throw new ApiError(r.status, body.code || 'HTTP', body.message || t('export.failed', { status: r.status }), body.errors, body.id);
      }
      if (r.status === 202) {
        setHeld(await r.json());
        return;
      }
      await saveResponse(r, `app${p.app}.csv`);
      const n = Number(r.headers.get('X-Daicho-Unconvertible') || 0);
      if (n > 0) setLost(n);
      else p.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (held)
    return (
      <Dialog title={t('ex.pendingTitle')} open onClose={p.onClose}>
        <p class="notice export-held" role="status">
          {t('ex.pending', { count: formatNumber(held.count), id: held.id, hours: rules?.releaseHours || '24' })}
        </p>
        {held.approvers === '0' && <p class="warn-banner">{t('ex.pendingNobody')}</p>}
        <div class="dialog-footer">
          <a class="button" href="/exports" onClick={(e) => { p.onClose(); onLinkClick(e); }}>
            {t('ex.myExports')}
          </a>
          <button type="button" class="primary" onClick={p.onClose}>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    );
  return (
    <Dialog title={t('export.title')} open onClose={p.onClose}>
      <p>{p.total !== null ? t('export.what', { n: formatNumber(String(p.total)), cols: fields.length }) : t('export.whatNoCount')}</p>
      {p.columns.some((c) => p.props[c]?.type === 'SUBTABLE') && <p class="hint">{t('export.noTables')}</p>}
      <fieldset>
        <legend>{t('export.encoding')}</legend>
        <label class="choice-item">
          <input type="radio" name="export-enc" checked={encoding === 'UTF-8'} onChange={() => setEncoding('UTF-8')} />
          {t('export.utf8')}
        </label>
        <label class="choice-item">
          <input type="radio" name="export-enc" checked={encoding === 'Shift_JIS'} onChange={() => setEncoding('Shift_JIS')} />
          {t('export.sjis')}
        </label>
        {encoding === 'Shift_JIS' && <p class="hint">{t('export.sjisHint')}</p>}
      </fieldset>
      <fieldset>
        <legend>{t('export.header')}</legend>
        <label class="choice-item">
          <input type="radio" name="export-head" checked={header === 'label'} onChange={() => setHeader('label')} />
          {t('export.headerLabel')}
        </label>
        <label class="choice-item">
          <input type="radio" name="export-head" checked={header === 'code'} onChange={() => setHeader('code')} />
          {t('export.headerCode')}
        </label>
      </fieldset>
      {rules?.rules && (
        <div class="export-rules">
          {rules.reasonRequired && <p class="warn-banner">{t('ex.reasonIntro', { cls: rules.infoClass })}</p>}
          {needsApproval && <p class="notice">{t('ex.approvalNote', { threshold: formatNumber(rules.approvalThreshold) })}</p>}
          {(rules.reasonRequired || needsApproval) && (
            <>
              <label for="export-reason">{rules.reasonRequired ? t('ex.reason') : t('ex.reasonOptional')}</label>
              <textarea
                id="export-reason"
                name="reason"
                rows={2}
                maxLength={500}
                placeholder={t('ex.reasonHint')}
                value={why}
                onInput={(e) => {
                  setWhy((e.target as HTMLTextAreaElement).value);
                  setWhyShort(false);
                }}
              />
              {whyShort && <p class="field-error">{t('ex.reasonShort')}</p>}
            </>
          )}
          <p class="hint">{t('ex.watermarkNote')}</p>
        </div>
      )}
      {isDownloadWarning(error) ? (
        <ReasonForm error={error} busy={busy} onSubmit={(reason) => download(reason)} onCancel={() => setError(null)} />
      ) : (
        <ErrorMessage error={error} />
      )}
      {lost > 0 && (
        <p class="warn-banner" role="status">
          {t('export.unconvertible', { n: lost })}
        </p>
      )}
      <div class="dialog-footer">
        <button type="button" onClick={p.onClose}>
          {t('common.close')}
        </button>
        <button type="button" class="primary" disabled={busy || isDownloadWarning(error)} onClick={() => download()}>
          {busy ? t('export.preparing') : needsApproval ? t('ex.request') : t('export.download')}
        </button>
      </div>
    </Dialog>
  );
}
