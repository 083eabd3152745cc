// The full-page refusal outside working hours (DC_HR01, Abiko §8): the server's message
// (which names the next window), the rule, what to do, and the way back to sign-in. The
// server has already ended the session.
import type { ApiError } from '../api/client';
import { t, useLang } from '../i18n';
import '../i18n/messages/hours';
import { navigate } from '../router';
import { logout, session } from '../session';

export function HoursRefused({ error, onDone }: { error: ApiError; onDone: () => void }) {
  useLang();
  const back = async () => {
    await logout().catch(() => undefined);
    onDone();
    navigate('/login', true);
  };
  // The security administrator is never locked out of the hours administration.
  const secAdmin = (session()?.user.roles || []).includes('security_admin');
  const toAdmin = () => {
    onDone();
    navigate('/admin/hours');
  };
  return (
    <main class="page hours-refused" role="alert">
      <div class="card narrow">
        <h1>{t('hours.refusedTitle')}</h1>
        <p class="hours-refused-message">{error.message}</p>
        <p class="muted">{t('hours.refusedRule')}</p>
        <p>{t('hours.refusedWhat')}</p>
        {error.id && <p class="error-id muted">({error.id})</p>}
        <p class="page-actions">
          <button type="button" class="primary" onClick={back}>
            {t('hours.toLogin')}
          </button>
          {secAdmin && (
            <button type="button" onClick={toAdmin}>
              {t('hours.toAdmin')}
            </button>
          )}
        </p>
      </div>
    </main>
  );
}
