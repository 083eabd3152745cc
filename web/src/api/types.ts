// Shapes of the API's JSON that the UI reads, as kintone defines them.

export type FieldType =
  | 'RECORD_NUMBER' | 'CREATOR' | 'CREATED_TIME' | 'MODIFIER' | 'UPDATED_TIME'
  | 'SINGLE_LINE_TEXT' | 'MULTI_LINE_TEXT' | 'RICH_TEXT' | 'NUMBER' | 'RADIO_BUTTON'
  | 'CHECK_BOX' | 'MULTI_SELECT' | 'DROP_DOWN' | 'DATE' | 'TIME' | 'DATETIME' | 'LINK'
  | 'FILE' | 'USER_SELECT' | 'SUBTABLE' | '__ID__' | '__REVISION__';

export interface FieldOption {
  label: string;
  index: string;
}

export interface FieldProperty {
  type: FieldType;
  code: string;
  label: string;
  noLabel?: boolean;
  required?: boolean;
  unique?: boolean;
  defaultValue?: string | string[] | { code: string; type: string }[];
  defaultNowValue?: boolean;
  minLength?: string;
  maxLength?: string;
  minValue?: string;
  maxValue?: string;
  digit?: boolean;
  displayScale?: string;
  unit?: string;
  unitPosition?: 'BEFORE' | 'AFTER';
  options?: Record<string, FieldOption>;
  align?: 'HORIZONTAL' | 'VERTICAL';
  protocol?: 'WEB' | 'CALL' | 'MAIL';
  thumbnailSize?: string;
  fields?: Record<string, FieldProperty>;
}

export type Properties = Record<string, FieldProperty>;

export interface LayoutField {
  type: string;
  code?: string;
  label?: string;
  size?: { width?: string; height?: string; innerHeight?: string };
}

export interface LayoutRow {
  type: 'ROW' | 'SUBTABLE' | 'GROUP';
  code?: string;
  fields: LayoutField[];
}

export interface UserRef {
  code: string;
  name: string;
}

export interface FileRef {
  contentType: string;
  fileKey: string;
  name: string;
  size: string;
}

export interface SubtableRow {
  id: string;
  value: Record<string, RecordField>;
}

export type RecordValue = string | string[] | UserRef | UserRef[] | FileRef[] | SubtableRow[] | null;

export interface RecordField {
  type: FieldType;
  value: RecordValue;
}

export type KRecord = Record<string, RecordField>;

export interface App {
  appId: string;
  code: string;
  name: string;
  description: string;
  createdAt: string;
  creator: UserRef;
  modifiedAt: string;
  modifier: UserRef;
}

export interface View {
  type: 'LIST' | 'CALENDAR';
  name: string;
  id?: string;
  index: string;
  fields?: string[];
  filterCond?: string;
  sort?: string;
  date?: string;
  title?: string;
}

export interface Session {
  user: {
    code: string;
    name: string;
    admin: boolean;
    roles: string[];
    canCreateApps: boolean;
    /* accounts: the sign-in steps still due */
    mustChangePassword?: boolean;
    totp?: boolean;
    totpRequired?: boolean;
    totpEnrolRequired?: boolean;
  };
  csrfToken?: string;
  limits: { maxFileBytes: string; maxBodyBytes: string };
  /* incidents: the person protects a section (handles its incidents) */
  protectionManager?: boolean;
}

export interface AclRight {
  entity: { type: 'USER' | 'GROUP' | 'CREATOR'; code?: string | null };
  appEditable: boolean;
  recordViewable: boolean;
  recordAddable: boolean;
  recordEditable: boolean;
  recordDeletable: boolean;
  recordImportable: boolean;
  recordExportable: boolean;
}
