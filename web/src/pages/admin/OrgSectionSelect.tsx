// A section picker (課・係, grouped by department) for forms that create people: once
// sections exist, every new person needs one (DC_OR02). Shows nothing while there are
// none, so installations without an organisation see no extra field.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { t } from '../../i18n';
import '../../i18n/messages/org';

interface Unit {
  kind: string;
  code: string;
  name: string;
  parent: string;
}

export function OrgSectionSelect(props: { value: string; onChange: (code: string) => void; error?: unknown }) {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    api.get<{ units: Unit[] }>('/api/org.json').then((r) => setUnits(r.units), () => undefined);
  }, []);
  const departments = units.filter((u) => u.kind === 'department');
  const sections = units.filter((u) => u.kind === 'section');
  if (sections.length === 0) return null;
  const group = (d: Unit | null) =>
    sections
      .filter((s) => (d ? s.parent === d.code : !departments.some((x) => x.code === s.parent)))
      .map((s) => (
        <option key={s.code} value={s.code}>
          {s.name} ({s.code})
        </option>
      ));
  const msgs = props.error instanceof ApiError ? props.error.fieldMessages('section') : [];
  return (
    <>
      <label for="u-section">{t('org.section')}</label>
      <select id="u-section" required value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('org.none')}</option>
        {departments.map((d) => (
          <optgroup key={d.code} label={d.name}>
            {group(d)}
          </optgroup>
        ))}
        {group(null)}
      </select>
      {msgs.map((m) => (
        <p class="field-error" key={m}>
          {m}
        </p>
      ))}
    </>
  );
}
