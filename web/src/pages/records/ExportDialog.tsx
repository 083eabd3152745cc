// Exporting the current list as CSV: the filter, order and columns in view; UTF-8 (with
// a byte-order mark) or Shift_JIS for Excel; column names as labels or field codes.
// The server writes the file; it is fetched first so a refusal shows as its message,
// and characters Shift_JIS cannot hold are counted for the person.
import { useState } from 'preact/hooks';
import { ApiError, downloadUrl } from '../../api/client';
import type { Properties } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatNumber, lang, t } from '../../i18n';
import { isDownloadWarning, ReasonForm, reasonHeaders } from '../downloads/DownloadReason';
import { sortText, type SortKey } from './queryBuild';

export function ExportDialog(p: { app: string; props: Properties; cond: string; sort: SortKey[]; columns: string[]; total: number | null; onClose: () => void }) {
  const [encoding, setEncoding] = useState<'UTF-8' | 'Shift_JIS'>('UTF-8');
  const [header, setHeader] = useState<'label' | 'code'>('label');
  const fields = p.columns.filter((c) => p.props[c] && p.props[c].type !== 'SUBTABLE');
  const query = [p.cond, p.sort.length ? `order by ${sortText(p.sort)}` : ''].filter(Boolean).join(' ');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lost, setLost] = useState(0);
  const download = async (reason: string | null = null) => {
    setBusy(true);
    setError(null);
    setLost(0);
    try {
      const r = await fetch(downloadUrl('/api/records/export.csv', { app: p.app, query, fields, encoding, header }), {
        credentials: 'same-origin',
        headers: { ...reasonHeaders(reason), 'Accept-Language': lang() },
      });
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        throw new ApiError(r.status, body.code || 'HTTP', body.message || t('export.failed', { status: r.status }), body.errors, body.id);
      }
      const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '')?.[1] || `app${p.app}.csv`;
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      const n = Number(r.headers.get('X-Daicho-Unconvertible') || 0);
      if (n > 0) setLost(n);
      else p.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
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
          {busy ? t('export.preparing') : t('export.download')}
        </button>
      </div>
    </Dialog>
  );
}
