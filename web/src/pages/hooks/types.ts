// Shapes of /api/app/webhooks.json, /api/admin/webhooks.json and /api/admin/tokens.json.
export const EVENTS = ['ADD_RECORD', 'UPDATE_RECORD', 'DELETE_RECORD', 'ADD_RECORD_COMMENT'] as const;

export interface Webhook {
  id: string;
  app: string;
  appName: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  state: 'pending' | 'active' | 'refused';
  createdBy: string;
  createdAt: string;
  reviewedBy: string;
  reviewedAt: string | null;
  reviewComment: string;
  canReview: boolean;
  lastDelivery: { at: string; status: number; result: string } | null;
}

export interface WebhookList {
  reviewRequired: boolean;
  deployed: boolean;
  webhooks: Webhook[];
}

export const RIGHTS = ['viewRecord', 'addRecord', 'editRecord', 'deleteRecord', 'editApp'] as const;

export interface ApiToken {
  id: string;
  app: string;
  hint: string;
  owner: string;
  description: string;
  purpose: string;
  revoked: boolean;
  state: 'pending' | 'active' | 'refused';
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
  reviewedBy: string;
  reviewedAt: string | null;
  reviewComment: string;
  canReview: boolean;
  lastUsedAt: string | null;
  viewRecord: boolean;
  addRecord: boolean;
  editRecord: boolean;
  deleteRecord: boolean;
  editApp: boolean;
}
