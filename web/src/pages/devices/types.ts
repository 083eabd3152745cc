// Shapes of the devices API (docs/API.md, "Devices, the person's own page and reports").
export interface Device {
  id: string;
  user: string;
  userName: string;
  kind: string;
  owner: string;
  os: string;
  security: string;
  note: string;
  status: 'pending' | 'approved' | 'refused' | 'revoked';
  client: string;
  reason: string;
  decidedBy: string;
  revokedBy: string;
  requestedAt: string;
  decidedAt: string | null;
  revokedAt: string | null;
  lastSeen: string | null;
}

export interface DeviceStatus {
  required: boolean;
  personalAllowed: boolean;
  state: 'none' | 'pending' | 'approved' | 'refused' | 'revoked';
  device?: Device;
}

export const deviceKinds = ['city_pc', 'personal_pc', 'tablet', 'smartphone'];
