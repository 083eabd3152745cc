// CSV import (/apps/:id/import): the page frame; the wizard (with the CSV parser) is
// loaded only when this page is opened.
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { Spinner } from '../../components/Spinner';
import '../../i18n/messages/records';
import { t } from '../../i18n';
import '../../styles/records.css';
import { useAppMeta } from './appMeta';
import { lazyComponent } from './lazy';
import { listUrl } from './listState';

const ImportWizard = lazyComponent(() => import('./ImportWizard').then((m) => m.ImportWizard));

export function ImportPage({ app }: { app: string }) {
  const { meta, error } = useAppMeta(app);
  const crumbs = [{ href: listUrl(app), label: meta?.app.name || t('list.title') }];
  return (
    <Layout title={t('imp.title')} crumbs={crumbs}>
      {error ? <ErrorMessage error={error} /> : !meta ? <Spinner /> : !meta.rights.add ? <ErrorMessage error={new Error(t('imp.noRight'))} /> : <ImportWizard meta={meta} />}
    </Layout>
  );
}
