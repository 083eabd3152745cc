// Choosing a view: the app's saved views in their order (the first is the default), or
// "all fields" when the app has none. Choosing one moves to /apps/:id?view=ID.
import type { View } from '../../api/types';
import { t } from '../../i18n';
import { navigate } from '../../router';

export function ViewPicker(p: { app: string; views: View[]; current?: View }) {
  return (
    <label class="inline view-picker">
      <span>{t('views.label')}</span>
      <select
        value={p.current?.id || ''}
        onChange={(e) => {
          const id = e.currentTarget.value;
          navigate(id ? `/apps/${p.app}?view=${encodeURIComponent(id)}` : `/apps/${p.app}`);
        }}
      >
        {p.views.length === 0 && <option value="">{t('views.allFields')}</option>}
        {p.views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.type === 'CALENDAR' ? t('views.calendarName', { name: v.name }) : v.name}
          </option>
        ))}
      </select>
    </label>
  );
}
