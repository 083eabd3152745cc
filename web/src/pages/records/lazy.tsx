// Loads a heavy part of the record pages (graphs, calendar, history, import) only when
// it is first shown, so the first page load stays small. While it loads, a spinner;
// if it cannot be fetched (an update replaced the files), the reason and a retry.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<unknown>(null);
    const start = () => {
      setError(null);
      pending ||= load();
      pending.then(
        (c) => {
          loaded = c;
          setC(() => c);
        },
        (e) => {
          pending = null;
          setError(e);
        },
      );
    };
    useEffect(() => {
      if (!C) start();
    }, []);
    if (error) return <ErrorMessage error={error} onRetry={start} />;
    return C ? <C {...props} /> : <Spinner />;
  };
}
