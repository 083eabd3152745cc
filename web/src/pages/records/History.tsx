// A record's revision history: who added, changed or deleted it and when, newest first,
// with each change's fields before and after.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { KRecord, UserRef } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { SYSTEM_TYPES, type AppMeta } from './appMeta';
import { formatDateTimeValue, valueText } from './fields/format';

interface Entry {
  revision: string;
  action: string;
  user: UserRef;
  at: string;
  record: KRecord;
}

interface Change {
  code: string;
  label: string;
  before: string;
  after: string;
}

/** The fields whose value differs between two versions of a record (system fields aside). */
export function diff(meta: AppMeta, before: KRecord | null, after: KRecord): Change[] {
  const out: Change[] = [];
  for (const p of Object.values(meta.props)) {
    if (SYSTEM_TYPES.has(p.type)) continue;
    const a = before?.[p.code];
    const b = after[p.code];
    const ta = valueText(a, p);
    const tb = valueText(b, p);
    if (ta !== tb) out.push({ code: p.code, label: p.label, before: ta, after: tb });
  }
  return out;
}

export function History({ app, id, meta, version }: { app: string; id: string; meta: AppMeta; version: number }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    setError(null);
    try {
      const r = await api.get<{ history: Entry[] }>('/api/record/history.json', { app, id });
      setEntries(r.history);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [app, id, version]);
  if (error) return <ErrorMessage error={error} onRetry={load} />;
  if (!entries) return <Spinner />;
  return (
    <ol class="history">
      {entries.map((e, i) => {
        const prev = entries[i + 1]?.record || null;
        const changes = e.action === 'update' ? diff(meta, prev, e.record) : [];
        return (
          <li key={e.revision} class="history-entry">
            <div class="history-head">
              <span class={`badge action-${e.action}`}>{t(`rec.action.${e.action}`)}</span>
              <strong>{e.user.name || e.user.code}</strong>
              <time class="muted" dateTime={e.at}>
                {formatDateTimeValue(e.at)}
              </time>
              <span class="muted">{t('rec.revision', { n: e.revision })}</span>
            </div>
            {e.action === 'update' &&
              (changes.length === 0 ? (
                <p class="muted">{t('rec.noFieldChanges')}</p>
              ) : (
                <table class="data history-diff">
                  <caption class="sr-only">{t('rec.changesOf', { n: e.revision })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rec.field')}</th>
                      <th scope="col">{t('rec.before')}</th>
                      <th scope="col">{t('rec.after')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((c) => (
                      <tr key={c.code}>
                        <th scope="row">{c.label}</th>
                        <td class="pre-wrap before">{c.before || <span class="empty-value">{t('rec.emptyValue')}</span>}</td>
                        <td class="pre-wrap after">{c.after || <span class="empty-value">{t('rec.emptyValue')}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
          </li>
        );
      })}
    </ol>
  );
}
