// The sections of the admin console. Each feature adds one entry: its URL segment
// (/admin/<id>), its label, the roles that may open it (any of them) and its page.
// The console shows only the sections the signed-in person's roles reach.
import type { ComponentType } from 'preact';

export interface AdminSection {
  id: string;
  label: { ja: string; en: string };
  roles: string[];
  page: ComponentType;
}

export const adminSections: AdminSection[] = [];
