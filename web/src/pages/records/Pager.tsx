// Paging through the list: where we are in the total, previous and next, and how many
// rows a page shows. The API reads at most offset 10,000, which the last page respects.
import { formatNumber, t } from '../../i18n';
import { PAGE_SIZES } from './listState';

export const MAX_OFFSET = 10000;

export function Pager(p: { total: number; page: number; size: number; onPage: (n: number) => void; onSize: (n: number) => void }) {
  const from = p.total === 0 ? 0 : p.page * p.size + 1;
  const to = Math.min(p.total, (p.page + 1) * p.size);
  const last = Math.max(0, Math.min(Math.ceil(p.total / p.size) - 1, Math.floor(MAX_OFFSET / p.size)));
  return (
    <nav class="pager" aria-label={t('list.paging')}>
      <p class="pager-count" aria-live="polite">
        {t('list.range', { total: formatNumber(String(p.total)), from: formatNumber(String(from)), to: formatNumber(String(to)) })}
      </p>
      <div class="pager-buttons">
        <button type="button" disabled={p.page <= 0} onClick={() => p.onPage(p.page - 1)}>
          ‹ {t('list.prev')}
        </button>
        <span class="muted">{t('list.pageOf', { page: p.page + 1, pages: last + 1 })}</span>
        <button type="button" disabled={p.page >= last} onClick={() => p.onPage(p.page + 1)}>
          {t('list.next')} ›
        </button>
      </div>
      <label class="inline page-size">
        {t('list.pageSize')}
        <select value={p.size} onChange={(e) => p.onSize(Number(e.currentTarget.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {t('list.perPage', { n })}
            </option>
          ))}
        </select>
      </label>
      {p.total > MAX_OFFSET + p.size && <p class="hint">{t('list.offsetLimit')}</p>}
    </nav>
  );
}
