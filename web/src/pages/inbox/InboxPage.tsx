// The inbox (/inbox): what the rules route to the signed-in person (approvals to give,
// alerts to read), with the action buttons each item carries in its detail JSON; an
// action calls its method, path and body through the API client (CSRF header included),
// then the list refreshes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { formatDateTime, lang, t, useLang } from '../../i18n';
import '../../i18n/messages/lifecycle';
import '../../i18n/messages/org';
import { onLinkClick } from '../../router';
import '../../i18n/messages/hooks';
import { inboxChanged } from './inboxEvents';
import { InboxDetails, inboxSubject } from './InboxDetails';
import { ExportChecklist, type Checklist } from '../exports/ExportChecklist';

export interface InboxAction {
  label: { ja: string; en: string };
  method?: string;
  path?: string;
  body?: Record<string, unknown>;
  /** Enabled only once the item's checklist is fully ticked (exports/ExportChecklist). */
  needsChecklist?: boolean;
  /* a link in the UI instead of an API call (an incident, a record) */
  href?: string;
}
export interface InboxItem {
  id: string;
  kind: string;
  subject: string;
  detail: { actions?: InboxAction[] } & Record<string, unknown>;
  createdAt: string;
  doneAt: string | null;
}


function run(a: InboxAction): Promise<unknown> {
  const m = (a.method || 'POST').toUpperCase();
  const path = a.path || '';
  const body = (a.body || {}) as Record<string, string>;
  if (m === 'GET') return api.get(path, body);
  if (m === 'PUT') return api.put(path, body);
  if (m === 'DELETE') return api.del(path, body);
  return api.post(path, body);
}

export function InboxPage() {
  useLang();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [all, setAll] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const load = async () => {
    try {
      const r = await api.get<{ items: InboxItem[] }>('/api/inbox.json', all ? { all: 'true' } : undefined);
      setItems(r.items);
      inboxChanged();
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    load();
  }, [all]);
  const act = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
    await load();
  };
  return (
    <Layout title={t('org.inbox')}>
      <ErrorMessage error={error} />
      <label class="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => setAll((e.target as HTMLInputElement).checked)} /> {t('org.inboxAll')}
      </label>
      {items && items.length === 0 && <p class="muted">{t('org.inboxEmpty')}</p>}
      {items && items.length > 0 && (
        <table class="data inbox-items">
          <thead>
            <tr>
              <th scope="col">{t('org.subject')}</th>
              <th scope="col">{t('org.received')}</th>
              <th scope="col">{t('org.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => (
              <tr key={it.id} class={it.doneAt ? 'muted' : ''}>
                <td>
                  {inboxSubject(it.subject, it.detail)}
                  {it.detail.checklist ? (
                    <ExportChecklist checklist={it.detail.checklist as Checklist} done={!!it.doneAt} onChange={(all) => setChecked({ ...checked, [it.id]: all })} />
                  ) : (
                    <InboxDetails detail={it.detail} />
                  )}
                </td>
                <td>{formatDateTime(it.createdAt)}</td>
                <td>
                  {it.doneAt ? (
                    t('org.inboxDoneAt', { at: formatDateTime(it.doneAt) })
                  ) : (
                    <span class="inline">
                      {(it.detail.actions || []).map((a, i) =>
                        a.href ? (
                          <a key={i} href={a.href} onClick={onLinkClick}>
                            {lang() === 'ja' ? a.label.ja : a.label.en}
                          </a>
                        ) : (
                          <button key={i} type="button" disabled={busy || (a.needsChecklist && !checked[it.id])} onClick={() => act(() => run(a))}>
                            {lang() === 'ja' ? a.label.ja : a.label.en}
                          </button>
                        ),
                      )}
                      <button type="button" class="link-button" disabled={busy} onClick={() => act(() => api.put('/api/inbox/done.json', { id: it.id }))}>
                        {t('org.inboxDone')}
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
