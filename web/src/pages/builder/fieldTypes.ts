// The field types the server supports, what each one may be set up with, and how a new
// field of each type starts. Names and descriptions live in the message catalogue under
// builder.type.<TYPE> and builder.typeDesc.<TYPE>.
import type { FieldProperty, FieldType } from '../../api/types';

/** What kind of default value a type takes. */
export type DefaultKind = 'text' | 'multiline' | 'number' | 'option' | 'options' | 'date' | 'time' | 'datetime' | 'user' | 'none';

export interface TypeInfo {
  type: FieldType;
  required: boolean;
  unique: boolean; // allowed at the top level (never inside a table)
  length: boolean; // minLength / maxLength
  value: boolean; // minValue / maxValue
  number: boolean; // digit, displayScale, unit, unitPosition
  options: boolean;
  align: boolean;
  protocol: boolean;
  thumb: boolean;
  defaultKind: DefaultKind;
  now: boolean; // defaultNowValue
}

const base: Omit<TypeInfo, 'type'> = {
  required: true, unique: false, length: false, value: false, number: false, options: false,
  align: false, protocol: false, thumb: false, defaultKind: 'none', now: false,
};

/** The palette's field types, in the order shown. */
export const FIELD_TYPES: TypeInfo[] = [
  { ...base, type: 'SINGLE_LINE_TEXT', unique: true, length: true, defaultKind: 'text' },
  { ...base, type: 'MULTI_LINE_TEXT', defaultKind: 'multiline' },
  { ...base, type: 'RICH_TEXT', defaultKind: 'multiline' },
  { ...base, type: 'NUMBER', unique: true, value: true, number: true, defaultKind: 'number' },
  { ...base, type: 'RADIO_BUTTON', options: true, align: true, defaultKind: 'option' },
  { ...base, type: 'CHECK_BOX', options: true, align: true, defaultKind: 'options' },
  { ...base, type: 'MULTI_SELECT', options: true, defaultKind: 'options' },
  { ...base, type: 'DROP_DOWN', options: true, defaultKind: 'option' },
  { ...base, type: 'DATE', unique: true, defaultKind: 'date', now: true },
  { ...base, type: 'TIME', defaultKind: 'time', now: true },
  { ...base, type: 'DATETIME', unique: true, defaultKind: 'datetime', now: true },
  { ...base, type: 'LINK', unique: true, length: true, protocol: true, defaultKind: 'text' },
  { ...base, type: 'FILE', thumb: true },
  { ...base, type: 'USER_SELECT', defaultKind: 'user' },
  { ...base, type: 'SUBTABLE', required: false },
];

/** The system fields every app has; they can be placed on the form but not deleted. */
export const SYSTEM_TYPES: FieldType[] = ['RECORD_NUMBER', 'CREATOR', 'CREATED_TIME', 'MODIFIER', 'UPDATED_TIME'];

const none: Omit<TypeInfo, 'type'> = { ...base, required: false };

export function typeInfo(type: FieldType): TypeInfo {
  return FIELD_TYPES.find((x) => x.type === type) || { ...none, type };
}

export function isSystem(type: FieldType): boolean {
  return SYSTEM_TYPES.includes(type);
}

/** Types that cannot sit inside a table. */
export function tableable(type: FieldType): boolean {
  return type !== 'SUBTABLE' && !isSystem(type);
}

/**
 * The properties of a new field of `type` (without code and label, which the caller
 * chooses). Selection fields start with two options named by sampleOption(n).
 */
export function newProperty(type: FieldType, code: string, label: string, sampleOption: (n: number) => string): FieldProperty {
  const info = typeInfo(type);
  const p: FieldProperty = { type, code, label, noLabel: false };
  if (info.required) p.required = false;
  if (info.unique) p.unique = false;
  if (info.options) {
    p.options = {};
    for (let i = 0; i < 2; i++) p.options[sampleOption(i + 1)] = { label: sampleOption(i + 1), index: String(i) };
    // A radio button always has one choice made, as in kintone.
    p.defaultValue = type === 'RADIO_BUTTON' ? sampleOption(1) : info.defaultKind === 'options' ? [] : '';
  } else if (info.defaultKind === 'user') {
    p.defaultValue = [];
  } else if (info.defaultKind !== 'none') {
    p.defaultValue = '';
  }
  if (info.align) p.align = 'HORIZONTAL';
  if (info.now) p.defaultNowValue = false;
  if (info.protocol) p.protocol = 'WEB';
  if (info.thumb) p.thumbnailSize = '150';
  if (info.number) {
    p.digit = false;
    p.displayScale = '';
    p.unit = '';
    p.unitPosition = 'BEFORE';
  }
  if (type === 'SUBTABLE') p.noLabel = true;
  return p;
}

/** Option names in their display order. */
export function optionNames(p: FieldProperty): string[] {
  return Object.entries(p.options || {})
    .sort((a, b) => Number(a[1].index) - Number(b[1].index))
    .map(([name]) => name);
}

/** kintone's options object from names in order. */
export function toOptions(names: string[]): Record<string, { label: string; index: string }> {
  const o: Record<string, { label: string; index: string }> = {};
  names.forEach((n, i) => (o[n] = { label: n, index: String(i) }));
  return o;
}
