/**
 * Request and answer shapes of the routes the CLI and the web app call (docs/api.md). The server
 * declares its validation schemas separately (TypeBox); these are what a client may rely on.
 */
import type { Diagnostic } from "@continuum/engine";

export type Role = "admin" | "editor" | "responder" | "viewer" | "auditor";

export interface Page<T> {
  items: T[];
  total?: number;
  nextCursor?: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  /** site administrator: may create organizations */
  isAdmin: boolean;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
}

export interface Membership {
  organization: Organization;
  role: Role;
}

/** GET /api/v1/me */
export interface Me {
  user: User;
  memberships: Membership[];
  csrfToken: string;
}

/** GET /api/v1/orgs */
export interface OrganizationListItem extends Organization {
  /** the caller's role; null for an API token */
  role: Role | null;
}

/** GET /api/v1/orgs/:org/members */
export interface Member {
  user: Pick<User, "id" | "email" | "name">;
  role: Role;
  since: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ChangedItem {
  id: string;
  fields: FieldChange[];
}

export interface SetDiff {
  added: string[];
  removed: string[];
  changed: ChangedItem[];
}

/** GET /api/v1/orgs/:org/revisions/:a/diff/:b (components at the top level) */
export interface RevisionDiff extends SetDiff {
  from: number;
  to: number;
  plans: SetDiff;
  scenarios: SetDiff;
  settings: FieldChange[];
}

export interface ChangeCounts {
  added: number;
  removed: number;
  changed: number;
}

/** A revision of an organization's model, as every answer names it. */
export interface Revision {
  number: number;
  /** import | edit | restore | scenario | demo */
  kind: string;
  author: { userId: string | null; name: string; email: string | null; token: string | null };
  createdAt: string;
  comment: string;
  summary: { components: ChangeCounts; plans: ChangeCounts; scenarios: ChangeCounts; settings: boolean };
  restoredFrom: number | null;
}

export interface ModelFile {
  path: string;
  text: string;
}

/** POST /api/v1/orgs/:org/model/import (`continuum push`, the web's import page) */
export interface ImportRequest {
  /** one file, or the files of a folder; a Backstage catalog is recognised by its `apiVersion` */
  files: ModelFile[];
  comment?: string;
  scenarios?: "replace" | "keep";
}

/** The answer to every change of the model (import, edit, restore). */
export interface ChangeAnswer {
  /** the new revision (the current one when nothing changed) */
  revision: Revision | null;
  warnings: Diagnostic[];
  unchanged: boolean;
}

/** GET /api/v1/orgs/:org/model/files (`continuum pull`) */
export interface ModelFilesAnswer {
  revision: { number: number } | null;
  files: ModelFile[];
}

/** GET /api/v1/orgs/:org/components/:id */
export interface ComponentAnswer<C = Record<string, unknown>> {
  component: C;
  /** ids of the components that need it directly (dependency, group member or site) */
  dependents: string[];
  warnings: Diagnostic[];
  revision: Revision | null;
}

export interface SiteServiceImpact {
  id: string;
  name: string | null;
  tier: number | null;
  downtimeMinutes: number;
  /** when the service was back (minutes from the loss); null when still down at the horizon */
  recoveredAt: number | null;
  rtoBreached: boolean;
  mtpdBreached: boolean;
  loss: number;
}

export interface SiteImpact {
  site: string;
  name: string | null;
  /** tiered services that go down when the site is lost */
  services: SiteServiceImpact[];
  /** tiered services the site is a single point of failure for (down for good) */
  lostForGood: string[];
  breaksRto: boolean;
  breaksMtpd: boolean;
  totalLoss: number;
}

/** GET /api/v1/orgs/:org/analysis (without `revision`, which the route adds) */
export interface Analysis {
  warnings: Diagnostic[];
  spof: Record<string, string[]>;
  n1Sites: SiteImpact[];
  horizonMinutes: number;
}

export interface AnalysisAnswer extends Analysis {
  revision: number | null;
}

/** A plan document's approval (docs/plans.md): what was done to which content, by whom, when. */
export const APPROVAL_ACTIONS = ["submit", "approve", "return"] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];
export type ApprovalStatus = "draft" | "in-review" | "approved";

export interface ApprovalEvent {
  action: ApprovalAction;
  contentHash: string;
  revision: number;
  by: { name: string; email: string | null; role: string | null };
  comment: string;
  at: string;
}
