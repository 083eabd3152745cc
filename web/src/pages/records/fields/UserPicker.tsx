// Choosing users: the chosen ones as removable chips, then a combobox that filters the
// active users by name or login name (arrow keys move, Enter picks, Escape closes).
// Used by USER_SELECT fields, the filter builder and comment mentions.
import { useMemo, useState } from 'preact/hooks';
import type { UserRef } from '../../../api/types';
import { t } from '../../../i18n';
import { useUsers } from '../appMeta';

export function UserPicker(p: {
  id: string;
  value: UserRef[];
  onChange: (v: UserRef[]) => void;
  label?: string;
  labelledBy?: string;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
}) {
  const users = useUsers();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const chosen = new Set(p.value.map((u) => u.code));
  const needle = text.trim().toLowerCase();
  const matches = useMemo(
    () => users.filter((u) => !chosen.has(u.code) && (!needle || u.name.toLowerCase().includes(needle) || u.code.toLowerCase().includes(needle))).slice(0, 20),
    [users, needle, p.value],
  );
  const listId = `${p.id}-list`;
  const pick = (u: UserRef) => {
    p.onChange([...p.value, { code: u.code, name: u.name }]);
    setText('');
    setActive(0);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && matches[active]) {
        e.preventDefault();
        pick(matches[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      }
    } else if (e.key === 'Backspace' && text === '' && p.value.length) {
      p.onChange(p.value.slice(0, -1));
    }
  };
  const nameOf = (u: UserRef) => users.find((x) => x.code === u.code)?.name || u.name || u.code;
  return (
    <div class={p.invalid ? 'user-picker invalid' : 'user-picker'}>
      {p.value.length > 0 && (
        <ul class="chips users" aria-label={t('rec.chosenUsers')}>
          {p.value.map((u) => (
            <li key={u.code}>
              {nameOf(u)}
              <button type="button" class="chip-remove" aria-label={t('rec.removeUser', { name: nameOf(u) })} onClick={() => p.onChange(p.value.filter((x) => x.code !== u.code))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="combo">
        <input
          id={p.id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-label={p.label}
          aria-labelledby={p.label ? undefined : p.labelledBy}
          aria-autocomplete="list"
          aria-expanded={open && matches.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
          aria-invalid={p.invalid || undefined}
          aria-describedby={p.describedBy}
          placeholder={p.placeholder ?? t('rec.userSearch')}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
        />
        {open && matches.length > 0 && (
          <ul id={listId} role="listbox" class="combo-list" aria-label={t('rec.userCandidates')}>
            {matches.map((u, i) => (
              <li
                key={u.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(u);
                }}
              >
                {u.name} <span class="muted">{u.code}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
