// A labelled drop-down of some of an app's fields (by code, shown by label): the graph's
// grouping and number fields, a calendar view's date and title fields.
import type { Properties } from '../../api/types';

export function FieldSelect(p: { id: string; label: string; codes: string[]; props: Properties; value: string; onChange: (code: string) => void }) {
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
        {p.codes.map((c) => (
          <option key={c} value={c}>
            {p.props[c].label}
          </option>
        ))}
      </select>
    </div>
  );
}
