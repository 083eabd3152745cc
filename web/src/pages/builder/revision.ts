// The preview's revision, shared by every tab of the builder: each write sends the
// revision last seen and keeps the one the server answers, so a change made elsewhere
// in the meantime is refused (GAIA_CO02) instead of being overwritten.
import { api } from '../../api/client';

export interface Rev {
  current: string | null;
}

type Method = 'post' | 'put' | 'del';

/** Sends one preview write with the shared revision and records the new one. */
export async function write(rev: Rev, method: Method, path: string, params: Record<string, unknown>): Promise<string> {
  const r = await api[method]<{ revision: string }>(path, { ...params, revision: rev.current ?? undefined });
  rev.current = r.revision;
  return r.revision;
}

/** Notes a revision read from the server. */
export function seen(rev: Rev, revision: string): void {
  rev.current = revision;
}
