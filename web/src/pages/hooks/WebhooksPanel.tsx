// The app builder's "Webhooks" panel (settings tab): the app's webhooks with their review
// state and last delivery, and a form to add one. App managers add, switch off and delete;
// reviewers approve elsewhere (admin section "API トークン", their inbox).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, t, useLang } from '../../i18n';
import { StateBadge } from './StateBadge';
import { EVENTS, type Webhook, type WebhookList } from './types';

/** The sender's result ("delivered", "refused: ...", "failed: ...") for people. */
function deliveryText(d: { status: number; result: string }): string {
  if (d.result === 'delivered') return t('hooks.webhooks.delivered', { status: d.status });
  if (d.result.startsWith('refused')) return t('hooks.webhooks.sendRefused');
  return t('hooks.webhooks.sendFailed', { why: d.result.replace(/^failed: /, '') });
}

export function WebhooksPanel({ app }: { app: string }) {
  useLang();
  const [list, setList] = useState<WebhookList | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['ADD_RECORD']);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      setList(await api.get<WebhookList>('/api/app/webhooks.json', { app }));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  };
  useEffect(() => void load(), [app]);
  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await f();
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.post('/api/app/webhooks.json', { app, url, events, description }))) {
      setUrl('');
      setDescription('');
    }
  };
  const toggle = (ev: string, on: boolean) => setEvents((cur) => (on ? [...cur, ev] : cur.filter((x) => x !== ev)));
  const stateOf = (w: Webhook) => (w.state === 'active' && !w.enabled ? 'inactive' : w.state);
  const notDeployed = list !== null && !list.deployed;
  const urlErr = error instanceof ApiError ? error.fieldMessages('url') : [];
  return (
    <section class="hooks-card webhooks-panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('hooks.webhooks.title')}</h2>
      <p>{t('hooks.webhooks.lead')}</p>
      {list && <p class="hint">{list.reviewRequired ? t('hooks.webhooks.reviewLead') : t('hooks.reviewOff')}</p>}
      <ErrorMessage error={loadError} onRetry={load} />
      {notDeployed && <p class="muted">{t('hooks.webhooks.notDeployed')}</p>}
      {list && !notDeployed && list.webhooks.length === 0 && <p class="muted">{t('hooks.webhooks.none')}</p>}
      {list && list.webhooks.length > 0 && (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th>{t('hooks.webhooks.url')}</th><th>{t('hooks.webhooks.events')}</th><th>{t('hooks.webhooks.state')}</th>
                <th>{t('hooks.webhooks.last')}</th><th />
              </tr>
            </thead>
            <tbody>
              {list.webhooks.map((w) => (
                <tr key={w.id}>
                  <td class="url">{w.url}{w.description && <div class="hint">{w.description}</div>}</td>
                  <td>{w.events.map((e) => t(`hooks.webhooks.event.${e}`)).join(t('hooks.sep'))}</td>
                  <td>
                    <StateBadge state={stateOf(w)} />
                    {w.state === 'refused' && w.reviewComment && <div class="hint">{w.reviewComment}</div>}
                  </td>
                  <td>
                    {w.lastDelivery ? (
                      <>
                        {formatDateTime(w.lastDelivery.at)}
                        <div class="hint">{deliveryText(w.lastDelivery)}</div>
                      </>
                    ) : (
                      <span class="muted">{t('hooks.webhooks.never')}</span>
                    )}
                  </td>
                  <td class="hooks-actions">
                    <button type="button" disabled={busy} onClick={() => run(() => api.put('/api/app/webhooks.json', { app, id: w.id, enabled: !w.enabled }))}>
                      {w.enabled ? t('hooks.webhooks.disable') : t('hooks.webhooks.enable')}
                    </button>
                    <button type="button" class="danger" disabled={busy} onClick={() => confirm(t('hooks.webhooks.deleteConfirm')) && run(() => api.del('/api/app/webhooks.json', { app, id: w.id }))}>
                      {t('hooks.webhooks.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && !notDeployed && (
        <form onSubmit={add}>
          <h3>{t('hooks.webhooks.add')}</h3>
          <ErrorMessage error={error} />
          <label for="hook-url">{t('hooks.webhooks.url')}</label>
          <input id="hook-url" type="url" required value={url} placeholder="https://" aria-invalid={urlErr.length > 0} aria-describedby="hook-url-hint" onInput={(e) => setUrl(e.currentTarget.value)} />
          <p id="hook-url-hint" class="hint">{t('hooks.webhooks.urlHint')}</p>
          <fieldset>
            <legend>{t('hooks.webhooks.events')}</legend>
            {EVENTS.map((ev) => (
              <label key={ev} class="inline">
                <input type="checkbox" checked={events.includes(ev)} onChange={(e) => toggle(ev, e.currentTarget.checked)} /> {t(`hooks.webhooks.event.${ev}`)}
              </label>
            ))}
          </fieldset>
          <label for="hook-desc">{t('hooks.webhooks.description')}</label>
          <input id="hook-desc" maxLength={1000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          <div class="b-actions">
            <button type="submit" class="primary" disabled={busy || !url || events.length === 0}>{t('hooks.webhooks.add')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
