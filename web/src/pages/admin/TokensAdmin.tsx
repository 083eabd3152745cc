// Admin section "tokens" (API トークン): every app's API tokens with their review state
// (Abiko §10). System administrators issue and revoke; a system or security administrator
// who is not the author approves or refuses; auditors read. Webhooks waiting for review
// are listed below for the same reviewers.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/hooks';
import { session } from '../../session';
import { StateBadge } from '../hooks/StateBadge';
import { RIGHTS, type ApiToken, type WebhookList } from '../hooks/types';

function NewToken({ onMade }: { onMade: () => void }) {
  const [app, setApp] = useState('');
  const [owner, setOwner] = useState(session()?.user.code || '');
  const [purpose, setPurpose] = useState('');
  const [expires, setExpires] = useState('');
  const [rights, setRights] = useState<string[]>(['viewRecord']);
  const [error, setError] = useState<unknown>(null);
  const [made, setMade] = useState<{ token: string; state: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setMade(null);
    const body: Record<string, unknown> = { app, owner, purpose };
    for (const r of RIGHTS) body[r] = rights.includes(r);
    if (expires) body.expiresAt = new Date(`${expires}T23:59:59`).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      setMade(await api.post<{ token: string; state: string }>('/api/admin/tokens.json', body));
      setPurpose('');
      onMade();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card hooks-new" onSubmit={submit}>
      <h2>{t('hooks.tokens.new')}</h2>
      <ErrorMessage error={error} />
      {made && (
        <div role="status">
          <p>{t('hooks.tokens.shown')}</p>
          <p class="hooks-secret">{made.token}</p>
          {made.state === 'pending' && <p class="hint">{t('hooks.tokens.shownPending')}</p>}
        </div>
      )}
      <label for="tok-app">{t('hooks.tokens.app')}</label>
      <input id="tok-app" inputMode="numeric" required value={app} onInput={(e) => setApp(e.currentTarget.value)} />
      <label for="tok-owner">{t('hooks.tokens.owner')}</label>
      <input id="tok-owner" required value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
      <label for="tok-purpose">{t('hooks.tokens.purpose')}</label>
      <input id="tok-purpose" maxLength={1000} value={purpose} aria-describedby="tok-purpose-hint" onInput={(e) => setPurpose(e.currentTarget.value)} />
      <p id="tok-purpose-hint" class="hint">{t('hooks.tokens.purposeHint')}</p>
      <label for="tok-expires">{t('hooks.tokens.expires')}</label>
      <input id="tok-expires" type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
      <fieldset>
        <legend>{t('hooks.tokens.rights')}</legend>
        {RIGHTS.map((r) => (
          <label key={r} class="inline">
            <input type="checkbox" checked={rights.includes(r)} onChange={(e) => setRights((cur) => (e.currentTarget.checked ? [...cur, r] : cur.filter((x) => x !== r)))} />{' '}
            {t(`hooks.right.${r}`)}
          </label>
        ))}
      </fieldset>
      <div class="b-actions">
        <button type="submit" class="primary">{t('hooks.tokens.create')}</button>
      </div>
    </form>
  );
}

export function TokensAdmin() {
  useLang();
  const roles = session()?.user.roles || [];
  const canIssue = roles.includes('system_admin');
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [hooks, setHooks] = useState<WebhookList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [review, setReview] = useState<boolean | null>(null);
  const load = async () => {
    try {
      const [tk, wh] = await Promise.all([
        api.get<{ tokens: ApiToken[] }>('/api/admin/tokens.json'),
        api.get<WebhookList>('/api/admin/webhooks.json', { state: 'pending' }),
      ]);
      setTokens(tk.tokens);
      setHooks(wh);
      setReview(wh.reviewRequired);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(), []);
  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const decide = (path: string, id: string, approve: boolean) => {
    const comment = approve ? '' : prompt(t('hooks.refuseComment'));
    if (comment === null) return;
    void run(() => api.post(path, { id, approve, comment }));
  };
  return (
    <div class="tokens-admin">
      <p>{t('hooks.tokens.lead')}</p>
      {review !== null && <p class="hint">{review ? t('hooks.reviewLead') : t('hooks.reviewOff')}</p>}
      <ErrorMessage error={error} />
      {tokens.length === 0 ? (
        <p class="muted">{t('hooks.tokens.none')}</p>
      ) : (
        <div class="table-wrap card">
          <table class="data">
            <thead>
              <tr>
                <th>{t('hooks.tokens.id')}</th><th>{t('hooks.tokens.app')}</th><th>{t('hooks.tokens.owner')}</th>
                <th>{t('hooks.tokens.rights')}</th><th>{t('hooks.tokens.purpose')}</th><th>{t('hooks.tokens.state')}</th>
                <th>{t('hooks.tokens.createdBy')}</th><th>{t('hooks.tokens.reviewedBy')}</th><th>{t('hooks.tokens.lastUsed')}</th><th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((k) => (
                <tr key={k.id}>
                  <td>{k.id} <span class="muted">{k.hint}…</span></td>
                  <td>{k.app}</td>
                  <td>{k.owner}</td>
                  <td>{RIGHTS.filter((r) => k[r]).map((r) => t(`hooks.right.${r}`)).join(t('hooks.sep'))}</td>
                  <td>{k.purpose}{k.expiresAt && <div class="hint">〜 {formatDateTime(k.expiresAt)}</div>}</td>
                  <td>
                    <StateBadge state={k.revoked ? 'revoked' : k.state} />
                    {k.state === 'refused' && k.reviewComment && <div class="hint">{k.reviewComment}</div>}
                  </td>
                  <td>{k.createdBy}</td>
                  <td>{k.reviewedBy}{k.reviewedAt && <div class="hint">{formatDateTime(k.reviewedAt)}</div>}</td>
                  <td>{formatDateTime(k.lastUsedAt)}</td>
                  <td class="hooks-actions">
                    {k.canReview && (
                      <>
                        <button type="button" class="primary" onClick={() => decide('/api/admin/token/review.json', k.id, true)}>{t('hooks.approve')}</button>
                        <button type="button" onClick={() => decide('/api/admin/token/review.json', k.id, false)}>{t('hooks.refuse')}</button>
                      </>
                    )}
                    {canIssue && !k.revoked && (
                      <button type="button" class="danger" onClick={() => confirm(t('hooks.tokens.revokeConfirm')) && run(() => api.del('/api/admin/tokens.json', { id: k.id }))}>
                        {t('hooks.tokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hooks && hooks.webhooks.length > 0 && (
        <>
          <h2>{t('hooks.webhooks.pendingTitle')}</h2>
          <div class="table-wrap card">
            <table class="data">
              <thead>
                <tr>
                  <th>{t('hooks.webhooks.app')}</th><th>{t('hooks.webhooks.url')}</th><th>{t('hooks.webhooks.events')}</th>
                  <th>{t('hooks.tokens.createdBy')}</th><th />
                </tr>
              </thead>
              <tbody>
                {hooks.webhooks.map((w) => (
                  <tr key={w.id}>
                    <td>{w.appName} ({w.app})</td>
                    <td class="url">{w.url}{w.description && <div class="hint">{w.description}</div>}</td>
                    <td>{w.events.map((e) => t(`hooks.webhooks.event.${e}`)).join(t('hooks.sep'))}</td>
                    <td>{w.createdBy}</td>
                    <td class="hooks-actions">
                      {w.canReview && (
                        <>
                          <button type="button" class="primary" onClick={() => decide('/api/admin/webhook/review.json', w.id, true)}>{t('hooks.approve')}</button>
                          <button type="button" onClick={() => decide('/api/admin/webhook/review.json', w.id, false)}>{t('hooks.refuse')}</button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {canIssue && <NewToken onMade={load} />}
    </div>
  );
}
