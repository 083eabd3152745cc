// Signing in: login name and password, then the TOTP code when the account uses
// two-factor sign-in; the server's message on failure (wrong password, locked account
// with the wait, suspended account) is shown as it is.
import { useState } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import { lang, setLang, t, useLang } from '../i18n';
import '../i18n/messages/accounts';
import '../i18n/messages/devices';
import { navigate, onLinkClick } from '../router';
import { login, logout, pendingStep, sessionRefusal, verifyTotp } from '../session';

function goOn() {
  const step = pendingStep();
  if (step === 'password' || step === 'enrol') {
    navigate('/account', true);
    return;
  }
  const back = new URLSearchParams(location.search).get('next');
  navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : '/', true);
}

export function Login() {
  useLang();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(pendingStep() === 'totp');
  const [error, setError] = useState<unknown>(sessionRefusal());
  const [busy, setBusy] = useState(false);
  document.title = t('login.title');
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(name, password);
      if (pendingStep() === 'totp') setNeedCode(true);
      else goOn();
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const submitCode = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await verifyTotp(code.trim());
      goOn();
    } catch (err) {
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  if (needCode)
    return (
      <main id="main" class="login-page">
        <form class="login-card" onSubmit={submitCode} aria-labelledby="totp-title">
          <div class="brand brand-large" aria-hidden="true">
            <span class="brand-mark">台</span>
            {t('app.title')}
          </div>
          <h1 id="totp-title">{t('accounts.totpStepTitle')}</h1>
          <p class="muted">{t('accounts.totpStepLead')}</p>
          <ErrorMessage error={error} />
          <label for="totp-code">{t('accounts.totpCode')}</label>
          <input id="totp-code" name="one-time-code" autoComplete="one-time-code" inputMode="numeric" pattern="[0-9]{6}" maxLength={6} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={busy}>
            {t('accounts.totpVerify')}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={async () => {
              await logout().catch(() => undefined);
              setNeedCode(false);
              setError(null);
              navigate('/login', true);
            }}
          >
            {t('nav.logout')}
          </button>
        </form>
      </main>
    );
  return (
    <main id="main" class="login-page">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark">台</span>
          {t('app.title')}
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p class="muted">{t('login.lead')}</p>
        <ErrorMessage error={error} />
        <label for="login-name">{t('login.login')}</label>
        <input id="login-name" name="username" autoComplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="login-password">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <a href="/report" class="report-link" onClick={onLinkClick}>
          {t('report.link')}
        </a>
        <button type="button" class="link-button" onClick={() => setLang(lang() === 'ja' ? 'en' : 'ja')}>
          {t('nav.language')}
        </button>
      </form>
    </main>
  );
}
