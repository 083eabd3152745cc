// A small line picture for each field type, drawn here (nothing is fetched). Decorative:
// the type's name is always written next to it.
import type { JSX } from 'preact';
import type { FieldType } from '../../api/types';

const d: Partial<Record<FieldType, JSX.Element>> = {
  SINGLE_LINE_TEXT: <path d="M4 7h16M4 12h10M4 17h0" />,
  MULTI_LINE_TEXT: <path d="M4 6h16M4 10h16M4 14h16M4 18h10" />,
  RICH_TEXT: <path d="M7 5h6a3.5 3.5 0 010 7H7zM7 12h7a3.5 3.5 0 010 7H7z" />,
  NUMBER: <path d="M9 4L7 20M17 4l-2 16M4 9h16M3 15h16" />,
  RADIO_BUTTON: (
    <>
      <circle cx="12" cy="12" r="8" />
      <circle cx="12" cy="12" r="3.5" fill="currentColor" />
    </>
  ),
  CHECK_BOX: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="3" />
      <path d="M8 12l3 3 5-6" />
    </>
  ),
  MULTI_SELECT: <path d="M4 6l1.5 1.5L8 5M11 6h9M4 12l1.5 1.5L8 11M11 12h9M11 18h9M4.5 18h3" />,
  DROP_DOWN: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="2" />
      <path d="M14 11l2.5 2.5L19 11" />
    </>
  ),
  DATE: (
    <>
      <rect x="4" y="5" width="16" height="15" rx="2" />
      <path d="M4 10h16M8 3v4M16 3v4" />
    </>
  ),
  TIME: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7v5l3.5 2" />
    </>
  ),
  DATETIME: (
    <>
      <rect x="3" y="5" width="12" height="12" rx="2" />
      <path d="M3 9h12M6 3v4M12 3v4" />
      <circle cx="17" cy="16" r="4.5" />
      <path d="M17 14v2l1.3 1" />
    </>
  ),
  LINK: <path d="M10 14a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1 1M14 10a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1-1" />,
  FILE: <path d="M16.5 7.5l-7 7a2 2 0 002.8 2.8l7.2-7.2a4 4 0 00-5.7-5.7L6.6 11.6a6 6 0 008.5 8.5l5-5" />,
  USER_SELECT: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 19c.8-3.5 3.5-5.5 6.5-5.5s5.7 2 6.5 5.5M16 6.5a3 3 0 010 5.5M18 13.8c1.7.8 3 2.6 3.5 5.2" />
    </>
  ),
  SUBTABLE: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 10h18M3 14.5h18M9 10v9M15 10v9" />
    </>
  ),
  RECORD_NUMBER: (
    <>
      <path d="M4 12V5a1 1 0 011-1h7l8 8-8 8z" />
      <circle cx="8.5" cy="8.5" r="1.3" />
    </>
  ),
  CREATOR: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1-4.5 4.5-7 8-7s7 2.5 8 7" />
    </>
  ),
  MODIFIER: (
    <>
      <circle cx="10" cy="8" r="4" />
      <path d="M3 21c1-4.5 4-7 7-7M15 20l5-5-2-2-5 5v2z" />
    </>
  ),
  CREATED_TIME: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7v5l3.5 2" />
    </>
  ),
  UPDATED_TIME: (
    <>
      <path d="M20 12a8 8 0 11-2.4-5.7M20 4v4h-4" />
      <path d="M12 8v4l3 2" />
    </>
  ),
};

export function TypeIcon({ type }: { type: FieldType }) {
  return (
    <span class="type-icon" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
        {d[type] || <rect x="4" y="4" width="16" height="16" rx="3" />}
      </svg>
    </span>
  );
}
