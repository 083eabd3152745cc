// The deploy tab: what deploying means, whether there is anything to deploy, the last
// outcome, and the deploy and discard actions (the same ones the bar above offers).
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import { stateText, type DeployActions, type useDeployActions } from './DeployBar';

export function DeployTab(props: DeployActions & { controls: ReturnType<typeof useDeployActions> }) {
  const p = props.deploy.pending;
  const busy = props.deploy.phase.kind === 'running';
  return (
    <section class="card deploy-tab" aria-labelledby="deploy-title">
      <h2 id="deploy-title">{t('builder.deploy.title')}</h2>
      <p>{t('builder.deploy.explain')}</p>
      <dl class="deploy-facts">
        <dt>{t('builder.deploy.stateLabel')}</dt>
        <dd>
          <span class={`deploy-state deploy-state-${p}`}>{stateText(p)}</span>
        </dd>
        {props.dirty && (
          <>
            <dt>{t('builder.deploy.unsavedLabel')}</dt>
            <dd>{t('builder.deploy.unsavedNote')}</dd>
          </>
        )}
      </dl>
      <div class="b-actions">
        <button type="button" class="primary" disabled={busy} onClick={props.controls.start}>
          {t('builder.deploy.button')}
        </button>
        <button type="button" disabled={busy || p !== 'pending'} onClick={props.controls.askDiscard}>
          {t('builder.deploy.discard')}
        </button>
        {p !== 'never' && (
          <a class="button" href={`/apps/${props.app}`} onClick={onLinkClick}>
            {t('builder.deploy.openApp')}
          </a>
        )}
      </div>
      <p class="hint">{t('builder.deploy.discardExplain')}</p>
    </section>
  );
}
