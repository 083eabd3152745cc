// /report: "report a problem" reachable from the login page, signed in or not.
import { ReportForm } from './ReportForm';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/devices';
import { onLinkClick } from '../../router';

export function ReportPage(props: { signedIn: boolean }) {
  useLang();
  document.title = t('report.title');
  return (
    <main id="main" class="login-page">
      <div class="login-card">
        <h1>{t('report.title')}</h1>
        <ReportForm signedIn={props.signedIn} />
        <a href="/login" onClick={onLinkClick}>{t('report.back')}</a>
      </div>
    </main>
  );
}
