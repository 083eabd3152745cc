// The full-page refusal outside working hours (DC_HR01, Abiko §8): the server's message
// (which names the next window), the rule, what to do, and the way back to sign-in. The
// server has already ended the session.
import type { ApiError } from '../api/client';
import { t, useLang } from '../i18n';
import '../i18n/messages/hours';
import { navigate } from '../router';
import { logout } from '../session';

export function HoursRefused({ error, onDone }: { error: ApiError; onDone: () => void }) {
  useLang();
  const back = async () => {
    await logout().catch(() => undefined);
    onDone();
    navigate('/login', true);
  };
  return (
    <main class="page hours-refused" role="alert">
      <div class="card narrow">
        <h1>{t('hours.refusedTitle')}</h1>
        <p class="hours-refused-message">{error.message}</p>
        <p class="muted">{t('hours.refusedRule')}</p>
        <p>{t('hours.refusedWhat')}</p>
        {error.id && <p class="error-id muted">({error.id})</p>}
        <button type="button" class="primary" onClick={back}>
          {t('hours.toLogin')}
        </button>
      </div>
    </main>
  );
}
