// A path the UI does not know.
import { Layout } from '../components/Layout';
import { t } from '../i18n';
import { onLinkClick } from '../router';

export function NotFound() {
  return (
    <Layout title={t('common.notFound')}>
      <p>
        <a href="/" onClick={onLinkClick}>
          {t('common.toPortal')}
        </a>
      </p>
    </Layout>
  );
}
