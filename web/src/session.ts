// Who is signed in. Loaded once at start from /api/session.json; the CSRF token it
// returns is handed to the API client.
import { api, ApiError, setCsrf } from './api/client';
import type { Session } from './api/types';

let current: Session | null = null;
/* Why the last session check failed when it was not "signed out" (a suspension). */
let refusal: ApiError | null = null;

export function sessionRefusal(): ApiError | null {
  return refusal;
}

export function session(): Session | null {
  return current;
}

/** Loads the session; null when nobody is signed in. */
export async function loadSession(): Promise<Session | null> {
  try {
    current = await api.get<Session>('/api/session.json');
    setCsrf(current.csrfToken || '');
    refusal = null;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.code === 'DC_AU04')) {
      current = null;
      refusal = e.code === 'DC_AU04' ? e : null;
    } else throw e;
  }
  return current;
}

export async function login(loginName: string, password: string): Promise<Session> {
  const s = await api.post<Session>('/api/session.json', { login: loginName, password });
  setCsrf(s.csrfToken || '');
  return (await loadSession()) || s;
}

export async function logout(): Promise<void> {
  try {
    await api.del('/api/session.json');
  } finally {
    current = null;
    setCsrf('');
  }
}

/** Sends the TOTP code of a session waiting for it; reloads the session. */
export async function verifyTotp(code: string): Promise<Session | null> {
  await api.post('/api/session/totp.json', { code });
  return loadSession();
}

/** True while the signed-in person must finish a sign-in step (code, password, set-up). */
export function pendingStep(): 'totp' | 'password' | 'enrol' | null {
  const u = current?.user;
  if (!u) return null;
  if (u.totpRequired) return 'totp';
  if (u.mustChangePassword) return 'password';
  if (u.totpEnrolRequired) return 'enrol';
  return null;
}
