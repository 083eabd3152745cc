// The admin section "Plugins" (プラグイン, Abiko §10): plugin requests with their name,
// purpose and function, approved into the allow-list or refused by a system administrator
// other than the requester, and removed from it; the customisation files awaiting review,
// approved or refused by a system or security administrator other than their author.
// Auditors read. A plugin request can be made here too.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/customize';
import { session } from '../../session';
import { PluginRequestForm } from '../customize/PluginRequestForm';

interface PluginFile {
  kind: string;
  name: string;
  sha256: string;
  size: string;
}
interface Plugin {
  id: string;
  name: string;
  purpose: string;
  function: string;
  version: string;
  files: PluginFile[];
  requester: string;
  requestedAt: string;
  status: string;
  reviewer: string;
  comment: string;
}
interface Review {
  id: string;
  app: string;
  appName: string;
  name: string;
  sha256: string;
  author: string;
  status: string;
  createdAt: string;
}

const when = (secs: string) => formatDateTime(new Date(Number(secs) * 1000).toISOString());

export function PluginsAdmin() {
  useLang();
  const roles = session()?.user.roles || [];
  const me = session()?.user.code;
  const sysAdmin = roles.includes('system_admin');
  const reviewer = sysAdmin || roles.includes('security_admin');
  const [plugins, setPlugins] = useState<Plugin[] | null>(null);
  const [reviews, setReviews] = useState<Review[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api.get<{ plugins: Plugin[] }>('/api/admin/plugins.json').then((r) => setPlugins(r.plugins), setError);
    api.get<{ reviews: Review[] }>('/api/customize/reviews.json', { status: 'pending' }).then((r) => setReviews(r.reviews), setError);
  }, [reload]);
  const act = async (path: string, body: Record<string, unknown>) => {
    setError(null);
    try {
      await api.post(path, body);
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  if (!plugins) return <ErrorMessage error={error} />;
  return (
    <div class="plugins-admin">
      <p>{t('cu.admin.lead')}</p>
      <ErrorMessage error={error} />
      <h2>{t('cu.admin.reviews')}</h2>
      {reviews.length === 0 ? (
        <p class="muted">{t('cu.admin.noReviews')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="cu-reviews">
            <thead>
              <tr>
                <th>{t('cu.admin.app')}</th>
                <th>{t('cu.name')}</th>
                <th>{t('cu.hash')}</th>
                <th>{t('cu.admin.author')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.appName} ({r.app})
                  </td>
                  <td>
                    {r.name}{' '}
                    <a href={`/api/customize/source?review=${r.id}&sha256=${r.sha256}`} target="_blank" rel="noopener">
                      {t('cu.admin.view')}
                    </a>
                  </td>
                  <td>
                    <code title={r.sha256}>{r.sha256.slice(0, 16)}…</code>
                  </td>
                  <td>{r.author}</td>
                  <td>
                    {reviewer && r.author !== me && (
                      <>
                        <button type="button" class="small primary" onClick={() => act('/api/customize/review.json', { id: r.id, approve: true })}>
                          {t('cu.admin.approve')}
                        </button>{' '}
                        <button type="button" class="small" onClick={() => act('/api/customize/review.json', { id: r.id, approve: false })}>
                          {t('cu.admin.refuse')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('cu.admin.plugins')}</h2>
      {plugins.length === 0 ? (
        <p class="muted">{t('cu.admin.noPlugins')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data" id="cu-plugins">
            <thead>
              <tr>
                <th>{t('cu.req.name')}</th>
                <th>{t('cu.req.purpose')}</th>
                <th>{t('cu.req.function')}</th>
                <th>{t('cu.admin.files')}</th>
                <th>{t('cu.admin.requester')}</th>
                <th>{t('cu.admin.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {plugins.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name} {p.version}
                  </td>
                  <td>{p.purpose}</td>
                  <td>{p.function}</td>
                  <td>
                    {p.files.map((f) => (
                      <div key={f.sha256}>
                        <a href={`/api/customize/source?plugin=${p.id}&sha256=${f.sha256}`} target="_blank" rel="noopener">
                          {f.name}
                        </a>{' '}
                        <code title={f.sha256}>{f.sha256.slice(0, 12)}…</code>
                      </div>
                    ))}
                  </td>
                  <td>
                    {p.requester}
                    <br />
                    <span class="muted">{when(p.requestedAt)}</span>
                  </td>
                  <td>
                    {t(`cu.status.${p.status}`)}
                    {p.reviewer && <div class="muted">{p.reviewer}</div>}
                  </td>
                  <td>
                    {sysAdmin && p.status === 'pending' && p.requester !== me && (
                      <>
                        <button type="button" class="small primary" onClick={() => act('/api/admin/plugin/decide.json', { id: p.id, approve: true })}>
                          {t('cu.admin.approve')}
                        </button>{' '}
                        <button type="button" class="small" onClick={() => act('/api/admin/plugin/decide.json', { id: p.id, approve: false })}>
                          {t('cu.admin.refuse')}
                        </button>
                      </>
                    )}
                    {sysAdmin && p.status === 'approved' && (
                      <button type="button" class="small danger" onClick={() => act('/api/admin/plugin/remove.json', { id: p.id })}>
                        {t('cu.admin.removeFromList')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PluginRequestForm onSent={() => setReload((n) => n + 1)} />
    </div>
  );
}
