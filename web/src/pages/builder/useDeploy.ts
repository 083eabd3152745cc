// Deploying the preview (and discarding it), and whether the preview holds changes not
// yet deployed. The server answers a deployment only once it is over, but the status is
// still polled every 500 ms as kintone's clients do, until SUCCESS or FAIL.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { canonical } from './diff';
import { seen, type Rev } from './revision';

/** never: not deployed yet; pending: the preview differs from the live app; clean: it does not. */
export type Pending = 'checking' | 'never' | 'pending' | 'clean' | 'unknown';

export interface DeployError {
  code?: string;
  message?: string;
  errors?: Record<string, { messages: string[] }>;
}

export type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; revert: boolean }
  | { kind: 'success'; revert: boolean }
  | { kind: 'fail'; revert: boolean; error: DeployError | null }
  | { kind: 'refused'; revert: boolean; error: unknown };

export interface Deploy {
  pending: Pending;
  phase: Phase;
  refresh: () => Promise<void>;
  run: (revert: boolean) => Promise<boolean>;
  reset: () => void;
}

type Settings = { name: string; description: string; icon: unknown; theme?: string; revision: string };

async function get<T>(path: string, app: string): Promise<T> {
  return api.get<T>(path, { app });
}

/** Compares every part of the preview with the live app (a discard gives the preview a new revision with the live content). */
async function sameContent(app: string, pv: Settings, live: Settings): Promise<boolean> {
  const strip = (s: Settings) => canonical({ ...s, revision: undefined });
  if (strip(pv) !== strip(live)) return false;
  const parts: [string, string][] = [['form/fields.json', 'properties'], ['form/layout.json', 'layout'], ['acl.json', 'rights'], ['views.json', 'views'], ['customize.json', 'desktop'], ['customize.json', 'scope']];
  const answers = await Promise.all(
    parts.flatMap(([p]) => [get<Record<string, unknown>>(`/k/v1/preview/app/${p}`, app), get<Record<string, unknown>>(`/k/v1/app/${p}`, app)]),
  );
  return parts.every(([, k], i) => canonical(answers[2 * i][k]) === canonical(answers[2 * i + 1][k]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useDeploy(app: string, rev: Rev): Deploy {
  const [pending, setPending] = useState<Pending>('checking');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const refresh = async () => {
    try {
      const pv = await get<Settings>('/k/v1/preview/app/settings.json', app);
      seen(rev, pv.revision);
      let live: Settings;
      try {
        live = await get<Settings>('/k/v1/app/settings.json', app);
      } catch (e) {
        // An app never deployed has no live settings: not an error here.
        if (e instanceof ApiError && e.status === 404) return setPending('never');
        throw e;
      }
      if (pv.revision === live.revision) return setPending('clean');
      setPending((await sameContent(app, pv, live)) ? 'clean' : 'pending');
    } catch {
      setPending('unknown');
    }
  };
  useEffect(() => void refresh(), [app]);

  const run = async (revert: boolean): Promise<boolean> => {
    setPhase({ kind: 'running', revert });
    try {
      await api.post('/k/v1/preview/app/deploy.json', { apps: [{ app, revision: rev.current ?? undefined }], revert });
      for (;;) {
        const s = await api.get<{ apps: { app: string; status: string; error?: DeployError }[] }>('/k/v1/preview/app/deploy.json', { apps: [app] });
        const st = s.apps[0];
        if (st?.status === 'SUCCESS') {
          setPhase({ kind: 'success', revert });
          await refresh();
          return true;
        }
        if (st?.status === 'FAIL' || st?.status === 'CANCEL') {
          setPhase({ kind: 'fail', revert, error: st.error || null });
          await refresh();
          return false;
        }
        await sleep(500);
      }
    } catch (e) {
      setPhase({ kind: 'refused', revert, error: e });
      return false;
    }
  };

  return { pending, phase, refresh, run, reset: () => setPhase({ kind: 'idle' }) };
}
