// Changing one's own password (the current one is required), and two-factor sign-in
// (TOTP): set it up with an authenticator app, or turn it off with a current code. Also
// the page a person lands on when the password expired or set-up is required.
import { useState } from 'preact/hooks';
import { api, ApiError, setCsrf } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { Layout } from '../components/Layout';
import { t, useLang } from '../i18n';
import '../i18n/messages/accounts';
import { navigate } from '../router';
import { loadSession, pendingStep, session } from '../session';

function TotpSection() {
  const s = session()!;
  const [enrol, setEnrol] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [, bump] = useState(0);
  const run = async (f: () => Promise<void>) => {
    setError(null);
    setDone('');
    try {
      await f();
    } catch (err) {
      setError(err);
    }
  };
  const start = () => run(async () => setEnrol(await api.post<{ secret: string; uri: string }>('/api/session/totp/enrol.json', {})));
  const confirm = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await api.post('/api/session/totp/confirm.json', { code: code.trim() });
      setEnrol(null);
      setCode('');
      const wasRequired = pendingStep() === 'enrol';
      await loadSession();
      setDone(t('accounts.totpEnabled'));
      bump((n) => n + 1);
      if (wasRequired) navigate('/', true);
    });
  };
  const disable = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await api.post('/api/session/totp/disable.json', { code: code.trim() });
      setCode('');
      await loadSession();
      setDone(t('accounts.totpDisabled'));
      bump((n) => n + 1);
    });
  };
  const on = !!session()?.user.totp;
  return (
    <section class="card narrow" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('accounts.totpSection')}</h2>
      {s.user.totpEnrolRequired && !on && (
        <p class="notice" role="note">
          {t('accounts.enrolRequiredLead')}
        </p>
      )}
      <ErrorMessage error={error} />
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      <p>{on ? t('accounts.totpOn') : t('accounts.totpOff')}</p>
      {!on && !enrol && (
        <button type="button" class="primary" onClick={start}>
          {t('accounts.totpStart')}
        </button>
      )}
      {!on && enrol && (
        <form onSubmit={confirm}>
          <p class="hint">{t('accounts.totpUri')}</p>
          <p>
            <code class="totp-uri" style="word-break: break-all">{enrol.uri}</code>
          </p>
          <p>
            {t('accounts.totpSecret')}: <code class="totp-secret">{enrol.secret}</code>
          </p>
          <label for="totp-confirm">{t('accounts.totpCode')}</label>
          <input id="totp-confirm" autoComplete="one-time-code" inputMode="numeric" maxLength={6} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <button type="submit" class="primary">
            {t('accounts.totpConfirm')}
          </button>
        </form>
      )}
      {on && (
        <form onSubmit={disable}>
          <label for="totp-disable">{t('accounts.totpCode')}</label>
          <input id="totp-disable" autoComplete="one-time-code" inputMode="numeric" maxLength={6} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <button type="submit">{t('accounts.totpDisable')}</button>
        </form>
      )}
    </section>
  );
}

export function Account() {
  useLang();
  const s = session()!;
  const mustChange = !!s.user.mustChangePassword;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    if (next !== again) {
      setError(new Error(t('account.mismatch')));
      return;
    }
    try {
      const r = await api.put<{ csrfToken?: string }>('/api/session/password.json', { currentPassword: current, newPassword: next });
      if (r.csrfToken) setCsrf(r.csrfToken);
      if (mustChange) {
        await loadSession();
        navigate(pendingStep() ? '/account' : '/', true);
        return;
      }
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (key: string) =>
    error instanceof ApiError ? error.fieldMessages(key).map((m) => <p class="field-error" key={m}>{m}</p>) : null;
  return (
    <Layout title={t('account.title')}>
      <form class="card narrow" onSubmit={submit}>
        <p>{t('account.signedInAs', { name: s.user.name, code: s.user.code })}</p>
        {mustChange && (
          <p class="notice" role="note">
            {t('accounts.mustChangeLead')}
          </p>
        )}
        <ErrorMessage error={error} />
        {done && (
          <p class="success" role="status">
            {t('account.done')}
          </p>
        )}
        <label for="pw-current">{t('account.current')}</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        {fieldError('currentPassword')}
        <label for="pw-new">{t('account.new')}</label>
        <input id="pw-new" type="password" autoComplete="new-password" required aria-describedby="pw-hint" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        <p id="pw-hint" class="hint">
          {t('account.hint')}
          {mustChange && <> {t('accounts.municipalHint')}</>}
        </p>
        {fieldError('password')}
        <label for="pw-again">{t('account.confirm')}</label>
        <input id="pw-again" type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
      </form>
      {!mustChange && <TotpSection />}
    </Layout>
  );
}
