// /me: the person's own devices (revoke one), sessions (end one or every other) and
// "report a problem".
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/devices';
import { ReportForm } from './ReportForm';
import type { Device } from './types';

interface SessionRow {
  id: string;
  current: boolean;
  client: string;
  createdAt: string;
  lastSeen: string;
}

export function MePage() {
  useLang();
  const [devices, setDevices] = useState<Device[]>([]);
  const [sessions, setSessions] = useState<SessionRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      const [d, s] = await Promise.all([
        api.get<{ devices: Device[] }>('/api/me/devices.json'),
        api.get<{ sessions: SessionRow[] }>('/api/me/sessions.json'),
      ]);
      setDevices(d.devices);
      setSessions(s.sessions);
    } catch (err) {
      // This browser's device was just revoked (a lost-device report): back to the gate.
      if (err instanceof ApiError && err.code === 'DC_DV01') location.reload();
      else setError(err);
    }
  };
  useEffect(() => void load(), []);
  const act = async (path: string, body: Record<string, unknown>) => {
    setError(null);
    try {
      await api.post(path, body);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Layout title={t('me.title')}>
      <ErrorMessage error={error} />
      <section class="card">
        <h2>{t('me.devices')}</h2>
        {devices.length === 0 ? (
          <p class="muted">{t('devices.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr><th>{t('devices.kind')}</th><th>{t('devices.os')}</th><th>{t('devices.status')}</th><th>{t('devices.lastSeen')}</th><th /></tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id}>
                    <td>{t(`devices.kind.${d.kind}`)}</td>
                    <td>{d.os}</td>
                    <td>{t(`devices.status.${d.status}`)}</td>
                    <td>{formatDateTime(d.lastSeen)}</td>
                    <td>
                      {(d.status === 'approved' || d.status === 'pending') && (
                        <button type="button" onClick={() => act('/api/me/device/revoke.json', { id: d.id })}>{t('devices.revoke')}</button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card">
        <h2>{t('me.sessions')}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>{t('me.client')}</th><th>{t('me.since')}</th><th>{t('devices.lastSeen')}</th><th /></tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.client}{s.current ? ` (${t('me.current')})` : ''}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastSeen)}</td>
                  <td>{!s.current && <button type="button" onClick={() => act('/api/me/sessions/end.json', { id: s.id })}>{t('me.end')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {sessions.length > 1 && (
          <button type="button" onClick={() => act('/api/me/sessions/end.json', { others: true })}>{t('me.endOthers')}</button>
        )}
      </section>
      <section class="card">
        <h2>{t('report.title')}</h2>
        <ReportForm signedIn devices={devices} onDone={load} />
      </section>
    </Layout>
  );
}
