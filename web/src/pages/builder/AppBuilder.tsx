// The app builder's entry point (/apps/:id/builder/:tab). The builder itself is fetched
// the first time it is opened, so staff who only use apps load less; meanwhile the frame
// and a spinner show, and if the fetch fails (an update replaced the files), the reason
// and a retry.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../../i18n/messages/builder';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { Spinner } from '../../components/Spinner';
import { t, useLang } from '../../i18n';

type Props = { app: string; tab?: string };
let loaded: ComponentType<Props> | null = null;

export function AppBuilder(props: Props & { [k: string]: unknown }) {
  useLang();
  const [Page, setPage] = useState<ComponentType<Props> | null>(() => loaded);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    import('./BuilderPage').then(
      (m) => {
        loaded = m.BuilderPage;
        setPage(() => m.BuilderPage);
      },
      () => setError(new Error(t('builder.loadFailed'))),
    );
  };
  useEffect(() => {
    if (!Page) load();
  }, []);
  if (Page) return <Page app={props.app} tab={props.tab} />;
  return (
    <Layout title={t('builder.titleLoading')} crumbs={[{ href: `/apps/${props.app}/builder`, label: t('builder.crumb') }]}>
      {error ? <ErrorMessage error={error} onRetry={load} /> : <Spinner />}
    </Layout>
  );
}
