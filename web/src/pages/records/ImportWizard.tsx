// The CSV import, step by step: choose a file (UTF-8 or Shift_JIS, detected or chosen),
// see its first rows, match columns to fields (and optionally a unique field whose
// matches update records), check every row with dry runs (a progress bar; problems listed
// by line and column, nothing written), then write everything in one request, all or nothing.
import Papa from 'papaparse';
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, postWithProgress } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes, formatNumber, t } from '../../i18n';
import { onLinkClick } from '../../router';
import { fieldOrder, type AppMeta } from './appMeta';
import { autoMap, decode, importable, rowErrors, startLines, toRecords, updateKeys, type Encoding, type RowError } from './csvMapping';

const MAX_ROWS = 10000;
const CHUNK = 250;
const PREVIEW = 5;

interface Parsed {
  name: string;
  size: number;
  encoding: 'utf-8' | 'shift_jis';
  headers: string[];
  rows: string[][];
  lines: number[];
  warnings: string[];
}

type Phase = 'idle' | 'checking' | 'checked' | 'writing' | 'done';

export function ImportWizard({ meta }: { meta: AppMeta }) {
  const app = meta.app.appId;
  const fields = useMemo(() => importable(meta.props, fieldOrder(meta.props, meta.layout)), [meta]);
  const keys = updateKeys(fields);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [hasHeader, setHasHeader] = useState(true);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [updateKey, setUpdateKey] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<number | null>(0);
  const [progressText, setProgressText] = useState('');
  const [errors, setErrors] = useState<RowError[]>([]);
  const [other, setOther] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [result, setResult] = useState<{ added: string; updated: string } | null>(null);

  const reset = () => {
    setPhase('idle');
    setErrors([]);
    setOther([]);
    setFailure(null);
    setResult(null);
  };

  const read = async (f: File | null, enc: Encoding, header: boolean) => {
    reset();
    setParsed(null);
    setReadError(null);
    if (!f) return;
    try {
      const { text, encoding: used } = decode(await f.arrayBuffer(), enc);
      const out = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
      const data = out.data;
      if (data.length === 0) throw new Error(t('imp.emptyFile'));
      const lines = startLines(data);
      const width = Math.max(...data.map((r) => r.length));
      const headers = header ? data[0].map((h, i) => h.trim() || t('imp.column', { n: i + 1 })) : Array.from({ length: width }, (_, i) => t('imp.column', { n: i + 1 }));
      while (headers.length < width) headers.push(t('imp.column', { n: headers.length + 1 }));
      const rows = header ? data.slice(1) : data;
      const warnings = out.errors.slice(0, 5).map((e) => t('imp.parseWarning', { row: (e.row ?? 0) + 1, message: e.message }));
      setParsed({ name: f.name, size: f.size, encoding: used, headers, rows, lines: header ? lines.slice(1) : lines, warnings });
      setMapping(autoMap(headers, fields));
      setUpdateKey('');
    } catch (e) {
      setReadError(e);
    }
  };

  const records = () => toRecords(parsed!.rows, mapping, meta.props);
  const collect = (e: unknown, first: number, acc: { rows: RowError[]; other: string[] }) => {
    if (e instanceof ApiError && e.status === 400 && Object.keys(e.errors).length > 0) {
      const r = rowErrors(e.errors, first, parsed!.lines, parsed!.headers, mapping, meta.props);
      acc.rows.push(...r.rows);
      acc.other.push(...r.other);
      return true;
    }
    return false;
  };

  const check = async () => {
    if (!parsed) return;
    reset();
    setPhase('checking');
    const all = records();
    const acc = { rows: [] as RowError[], other: [] as string[] };
    try {
      for (let i = 0; i < all.length; i += CHUNK) {
        setProgress(i / all.length);
        setProgressText(t('imp.checkingRows', { done: formatNumber(String(i)), total: formatNumber(String(all.length)) }));
        try {
          await api.post('/api/records/import.json', { app, records: all.slice(i, i + CHUNK), dryRun: true, updateKey: updateKey || undefined });
        } catch (e) {
          if (!collect(e, i, acc)) throw e;
        }
      }
      setProgress(1);
      setErrors(acc.rows);
      setOther(acc.other);
      setPhase('checked');
    } catch (e) {
      setFailure(e);
      setPhase('idle');
    }
  };

  const commit = async () => {
    if (!parsed) return;
    setPhase('writing');
    setFailure(null);
    setProgress(0);
    setProgressText(t('imp.sending'));
    try {
      const r = await postWithProgress<{ added: string; updated: string }>('/api/records/import.json', { app, records: records(), updateKey: updateKey || undefined }, (f) => {
        if (f < 1) {
          setProgress(f);
          setProgressText(t('imp.sendingPct', { pct: Math.round(f * 100) }));
        } else {
          setProgress(null);
          setProgressText(t('imp.writing'));
        }
      });
      setResult(r);
      setPhase('done');
    } catch (e) {
      const acc = { rows: [] as RowError[], other: [] as string[] };
      if (collect(e, 0, acc)) {
        setErrors(acc.rows);
        setOther(acc.other);
        setPhase('checked');
      } else setPhase('checked');
      setFailure(e);
    }
  };

  const mapped = mapping.filter(Boolean);
  const dup = mapped.filter((c, i) => mapped.indexOf(c) !== i);
  const missing = updateKey ? [] : fields.filter((f) => f.required && !mapped.includes(f.code));
  const tooMany = !!parsed && parsed.rows.length > MAX_ROWS;
  const canCheck = !!parsed && parsed.rows.length > 0 && mapped.length > 0 && dup.length === 0 && !tooMany && phase !== 'checking' && phase !== 'writing';
  const busy = phase === 'checking' || phase === 'writing';

  return (
    <div class="import">
      <section class="card" aria-labelledby="imp-step1">
        <h2 id="imp-step1">{t('imp.step1')}</h2>
        <div class="import-file">
          <div>
            <label for="imp-file">{t('imp.file')}</label>
            <input
              id="imp-file"
              type="file"
              accept=".csv,text/csv"
              disabled={busy}
              onChange={(e) => {
                const f = e.currentTarget.files?.[0] || null;
                setFile(f);
                read(f, encoding, hasHeader);
              }}
            />
          </div>
          <div>
            <label for="imp-enc">{t('imp.encoding')}</label>
            <select
              id="imp-enc"
              value={encoding}
              disabled={busy}
              onChange={(e) => {
                const enc = e.currentTarget.value as Encoding;
                setEncoding(enc);
                read(file, enc, hasHeader);
              }}
            >
              <option value="auto">{t('imp.encAuto')}</option>
              <option value="utf-8">UTF-8</option>
              <option value="shift_jis">{t('imp.encSjis')}</option>
            </select>
          </div>
        </div>
        <label class="choice-item">
          <input
            type="checkbox"
            checked={hasHeader}
            disabled={busy}
            onChange={(e) => {
              setHasHeader(e.currentTarget.checked);
              read(file, encoding, e.currentTarget.checked);
            }}
          />
          {t('imp.hasHeader')}
        </label>
        <p class="hint">{t('imp.fileHint', { max: formatNumber(String(MAX_ROWS)) })}</p>
        <ErrorMessage error={readError} />
        {parsed && (
          <p class="file-summary" role="status">
            {t('imp.fileRead', {
              name: parsed.name,
              size: formatBytes(parsed.size),
              enc: parsed.encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS',
              rows: formatNumber(String(parsed.rows.length)),
            })}
          </p>
        )}
        {parsed?.warnings.map((w) => (
          <p key={w} class="field-error">
            {w}
          </p>
        ))}
        {tooMany && <p class="field-error">{t('imp.tooMany', { max: formatNumber(String(MAX_ROWS)) })}</p>}
      </section>

      {parsed && parsed.rows.length > 0 && (
        <section class="card" aria-labelledby="imp-step2">
          <h2 id="imp-step2">{t('imp.step2')}</h2>
          <div class="table-wrap">
            <table class="data preview-table">
              <caption class="sr-only">{t('imp.previewCaption', { n: Math.min(PREVIEW, parsed.rows.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imp.line')}</th>
                  {parsed.headers.map((h, i) => (
                    <th key={i} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {parsed.rows.slice(0, PREVIEW).map((r, i) => (
                  <tr key={i}>
                    <td class="muted">{parsed.lines[i]}</td>
                    {parsed.headers.map((_, k) => (
                      <td key={k} class="pre-wrap">
                        {r[k] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {parsed && parsed.rows.length > 0 && (
        <section class="card" aria-labelledby="imp-step3">
          <h2 id="imp-step3">{t('imp.step3')}</h2>
          <p class="hint">{t('imp.mapHint')}</p>
          <div class="table-wrap">
            <table class="data mapping-table">
              <thead>
                <tr>
                  <th scope="col">{t('imp.csvColumn')}</th>
                  <th scope="col">{t('imp.example')}</th>
                  <th scope="col">{t('imp.target')}</th>
                </tr>
              </thead>
              <tbody>
                {parsed.headers.map((h, i) => (
                  <tr key={i}>
                    <th scope="row">{h}</th>
                    <td class="muted example-cell">{(parsed.rows[0]?.[i] || '').slice(0, 40)}</td>
                    <td>
                      <select
                        aria-label={t('imp.targetFor', { col: h })}
                        value={mapping[i] || ''}
                        disabled={busy}
                        aria-invalid={dup.includes(mapping[i]) || undefined}
                        onChange={(e) => {
                          const next = [...mapping];
                          next[i] = e.currentTarget.value;
                          setMapping(next);
                          reset();
                        }}
                      >
                        <option value="">{t('imp.skip')}</option>
                        {fields.map((f) => (
                          <option key={f.code} value={f.code}>
                            {f.label}
                            {f.label !== f.code ? ` (${f.code})` : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {dup.length > 0 && <p class="field-error">{t('imp.duplicate', { fields: [...new Set(dup)].map((c) => meta.props[c].label).join('、') })}</p>}
          {missing.length > 0 && <p class="hint warn-text">{t('imp.requiredMissing', { fields: missing.map((f) => f.label).join('、') })}</p>}
          <label for="imp-key">{t('imp.updateKey')}</label>
          <select
            id="imp-key"
            value={updateKey}
            disabled={busy || keys.length === 0}
            aria-describedby="imp-key-hint"
            onChange={(e) => {
              setUpdateKey(e.currentTarget.value);
              reset();
            }}
          >
            <option value="">{t('imp.noKey')}</option>
            {keys
              .filter((k) => mapping.includes(k.code))
              .map((k) => (
                <option key={k.code} value={k.code}>
                  {k.label}
                </option>
              ))}
          </select>
          <p id="imp-key-hint" class="hint">
            {keys.length ? t('imp.updateKeyHint') : t('imp.noUniqueFields')}
          </p>
        </section>
      )}

      {parsed && parsed.rows.length > 0 && (
        <section class="card" aria-labelledby="imp-step4">
          <h2 id="imp-step4">{t('imp.step4')}</h2>
          <p>{t('imp.allOrNothing')}</p>
          <div class="form-actions start">
            <button type="button" class={phase === 'checked' && errors.length === 0 ? '' : 'primary'} disabled={!canCheck} onClick={check}>
              {t('imp.check')}
            </button>
            {phase === 'checked' && errors.length === 0 && other.length === 0 && !failure && (
              <button type="button" class="primary" onClick={commit}>
                {t('imp.commit', { n: formatNumber(String(parsed.rows.length)) })}
              </button>
            )}
          </div>
          {busy && (
            <div class="progress-block">
              <progress max={100} value={progress === null ? undefined : Math.round(progress * 100)} aria-label={t('imp.progress')} aria-valuetext={progressText} />
              <p class="muted" aria-live="polite">
                {progressText}
              </p>
            </div>
          )}
          <ErrorMessage error={failure} />
          {phase === 'checked' && errors.length === 0 && other.length === 0 && !failure && (
            <p class="success" role="status">
              {t('imp.checkedOk', { n: formatNumber(String(parsed.rows.length)) })}
            </p>
          )}
          {other.map((m) => (
            <p key={m} class="field-error">
              {m}
            </p>
          ))}
          {errors.length > 0 && (
            <div class="row-errors" role="region" aria-labelledby="imp-errors-title">
              <h3 id="imp-errors-title" class="field-error">
                {t('imp.errorsTitle', { n: formatNumber(String(new Set(errors.map((e) => e.row)).size)) })}
              </h3>
              <p class="hint">{t('imp.errorsHint')}</p>
              <div class="table-wrap">
                <table class="data errors-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('imp.line')}</th>
                      <th scope="col">{t('imp.csvColumn')}</th>
                      <th scope="col">{t('imp.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {errors.slice(0, 200).map((e, i) => (
                      <tr key={i}>
                        <td>{t('imp.lineN', { n: e.line })}</td>
                        <td>{e.column || e.field}</td>
                        <td>{e.messages.join(' ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {errors.length > 200 && <p class="hint">{t('imp.moreErrors', { n: formatNumber(String(errors.length - 200)) })}</p>}
            </div>
          )}
          {phase === 'done' && result && (
            <div class="success" role="status">
              <p>{t('imp.done', { added: formatNumber(result.added), updated: formatNumber(result.updated) })}</p>
              <a href={`/apps/${app}`} onClick={onLinkClick}>
                {t('imp.toList')}
              </a>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
