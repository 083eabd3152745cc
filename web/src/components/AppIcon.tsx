// An app's icon: kintone's settings carry {type: "PRESET", key}; daicho draws its preset
// keys as small line pictures (no files fetched). Unknown keys, and icons of other
// types, show the first letter of the app's name. Decorative: the name is shown beside it.
import type { JSX } from 'preact';

const paths: Record<string, JSX.Element> = {
  APP72: (
    <>
      <path d="M6 3h9l4 4v14H6z" />
      <path d="M15 3v4h4M9 11h7M9 15h7M9 19h4" />
    </>
  ),
  APP01: (
    <>
      <rect x="4" y="5" width="16" height="15" rx="2" />
      <path d="M4 10h16M8 3v4M16 3v4M8 14h2M12 14h2M16 14h1M8 17h2M12 17h2" />
    </>
  ),
  APP02: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1-4.5 4.5-7 8-7s7 2.5 8 7" />
    </>
  ),
  APP03: (
    <>
      <path d="M4 21V8l8-5 8 5v13z" />
      <path d="M9 21v-5h6v5M8 11h2M14 11h2" />
    </>
  ),
  APP04: (
    <>
      <path d="M3 8l9-5 9 5v9l-9 5-9-5z" />
      <path d="M3 8l9 5 9-5M12 13v9" />
    </>
  ),
  APP05: (
    <>
      <path d="M4 20h16M4 20V4" />
      <path d="M8 16v-5M12 16V7M16 16v-8" />
    </>
  ),
  APP06: (
    <>
      <path d="M12 21s-7-6.5-7-12a7 7 0 0114 0c0 5.5-7 12-7 12z" />
      <circle cx="12" cy="9" r="2.5" />
    </>
  ),
  APP07: <path d="M5 4h4l2 5-2.5 1.5a11 11 0 005 5L15 13l5 2v4a2 2 0 01-2 2A16 16 0 013 6a2 2 0 012-2z" />,
  APP08: (
    <>
      <path d="M3 6h11v10H3zM14 10h4l3 3v3h-7z" />
      <circle cx="7" cy="18" r="2" />
      <circle cx="17" cy="18" r="2" />
    </>
  ),
  APP09: <path d="M12 20s-8-5-8-11a4.5 4.5 0 018-2.8A4.5 4.5 0 0120 9c0 6-8 11-8 11z" />,
  APP10: (
    <>
      <path d="M5 19C5 10 11 5 20 4c0 9-5 15-13 15z" />
      <path d="M5 19l8-8" />
    </>
  ),
  APP11: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M8.5 7l3.5 5 3.5-5M12 12v6M9 13h6M9 16h6" />
    </>
  ),
  APP12: <path d="M14.5 4a4.5 4.5 0 00-4.2 6.1L4 16.4 7.6 20l6.3-6.3A4.5 4.5 0 0020 9.5l-3 1-2.5-2.5 1-3a4.5 4.5 0 00-1-.1z" />,
  APP13: (
    <>
      <path d="M4 5a2 2 0 012-2h14v15H6a2 2 0 00-2 2z" />
      <path d="M4 20a2 2 0 002 2h14v-4M9 7h7" />
    </>
  ),
  APP14: (
    <>
      <path d="M3 10l9-6 9 6-9 6z" />
      <path d="M7 12.5V17c3 2 7 2 10 0v-4.5M21 10v6" />
    </>
  ),
  APP15: (
    <>
      <path d="M9 3h6M10 3v5l-5 11a1.5 1.5 0 001.4 2h11.2a1.5 1.5 0 001.4-2L14 8V3" />
      <path d="M7.5 15h9" />
    </>
  ),
};

/** The preset keys daicho draws, the default (kintone's APP72) first. */
export const APP_ICON_KEYS = Object.keys(paths);

export function AppIcon(props: { icon?: { type?: string; key?: string } | null; name: string; class?: string }) {
  const key = props.icon && props.icon.type === 'PRESET' ? props.icon.key || '' : '';
  const drawing = paths[key];
  return (
    <span class={`app-icon ${props.class || ''}`} aria-hidden="true">
      {drawing ? (
        <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">
          {drawing}
        </svg>
      ) : (
        props.name.slice(0, 1)
      )}
    </span>
  );
}
