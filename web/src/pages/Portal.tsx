// The portal: the apps the user may use, searchable (Japanese substring, any case), and
// creating a new app for those allowed to.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { App } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { Layout } from '../components/Layout';
import { Spinner } from '../components/Spinner';
import { formatDateTime, t } from '../i18n';
import { navigate, onLinkClick } from '../router';
import { session } from '../session';

export function Portal() {
  const [apps, setApps] = useState<App[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<unknown>(null);
  const load = async () => {
    setError(null);
    try {
      const all: App[] = [];
      for (let offset = 0; ; offset += 100) {
        const r = await api.get<{ apps: App[] }>('/k/v1/apps.json', { limit: 100, offset });
        all.push(...r.apps);
        if (r.apps.length < 100) break;
      }
      setApps(all);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), []);
  const needle = q.trim().toLowerCase();
  const shown = (apps || []).filter((a) => !needle || a.name.toLowerCase().includes(needle) || a.description.toLowerCase().includes(needle));
  const create = async (e: Event) => {
    e.preventDefault();
    setCreateError(null);
    try {
      const r = await api.post<{ app: string }>('/k/v1/preview/app.json', { name });
      navigate(`/apps/${r.app}/builder`);
    } catch (err) {
      setCreateError(err);
    }
  };
  const canCreate = session()?.user.canCreateApps;
  return (
    <Layout
      title={t('portal.title')}
      actions={
        canCreate && (
          <button type="button" class="primary" onClick={() => { setName(''); setCreating(true); }}>
            {t('portal.create')}
          </button>
        )
      }
    >
      <section aria-labelledby="apps-title" class="card">
        <div class="section-head">
          <h2 id="apps-title">{t('portal.apps')}</h2>
          <input type="search" class="search" aria-label={t('portal.search')} placeholder={t('portal.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <ErrorMessage error={error} onRetry={load} />
        {apps === null && !error && <Spinner />}
        {apps !== null && shown.length === 0 && <p class="muted">{needle ? t('portal.noMatch', { q }) : t('portal.empty')}</p>}
        <ul class="app-grid">
          {shown.map((a) => (
            <li key={a.appId} class="app-tile">
              <a href={`/apps/${a.appId}`} onClick={onLinkClick}>
                <span class="app-icon" aria-hidden="true">
                  {a.name.slice(0, 1)}
                </span>
                <span class="app-name">{a.name}</span>
              </a>
              {a.description && <p class="app-desc">{a.description}</p>}
              <p class="app-meta">{t('portal.updated', { when: formatDateTime(a.modifiedAt) })}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="spaces-title" class="card">
        <h2 id="spaces-title">{t('portal.spaces')}</h2>
        <p class="muted">{t('portal.spacesLater')}</p>
      </section>
      <Dialog
        title={t('portal.createTitle')}
        open={creating}
        onClose={() => setCreating(false)}
      >
        <form onSubmit={create}>
          <ErrorMessage error={createError} />
          <label for="new-app-name">{t('portal.appName')}</label>
          <input id="new-app-name" required maxLength={64} aria-describedby="new-app-hint" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <p id="new-app-hint" class="hint">
            {t('portal.appNameHint')}
          </p>
          <div class="dialog-footer">
            <button type="button" onClick={() => setCreating(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="primary">
              {t('common.create')}
            </button>
          </div>
        </form>
      </Dialog>
    </Layout>
  );
}
