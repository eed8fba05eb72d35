/** What the route plugins share: the database, repositories, the model store and the settings. */
import type { FastifyRequest } from "fastify";
import type { AccountsRepository } from "../accounts/accounts-repository.js";
import type { Authenticator } from "../accounts/authenticator.js";
import type { LoginLimiter } from "../accounts/login-limiter.js";
import type { SignInEvents } from "../accounts/sign-in-events.js";
import type { InvitationDelivery } from "../invitations/invitation-delivery.js";
import type { InvitationsRepository } from "../invitations/invitations-repository.js";
import type { PasswordResets } from "../accounts/password-resets.js";
import type { Mailer } from "../mail/mailer.js";
import type { AnalysisRunner } from "../analysis/analysis-runner.js";
import type { CheckRunner } from "../checks/check-runner.js";
import type { ChecksRepository } from "../checks/checks-repository.js";
import type { IncidentDesk } from "../incidents/incident-desk.js";
import type { CallTrees } from "../communication/call-tree.js";
import type { MailTransport } from "../mail/mail-transport.js";
import type { Outbox } from "../communication/outbox.js";
import type { DirectoryRepository } from "../directory/directory-repository.js";
import type { JobQueue } from "../incidents/job-queue.js";
import type { IntakeGate } from "../intake/intake-gate.js";
import type { IntakeRepository } from "../intake/intake-repository.js";
import type { ReprojectionPace } from "../intake/reprojection-pace.js";
import type { ModelStore } from "../model/model-store.js";
import type { OrganizationsRepository } from "../organizations/organizations-repository.js";
import type { Database } from "../storage/database.js";
import type { TokensRepository } from "../tokens/tokens-repository.js";
import { actorOf, type Actor, type OrgContext, type Principal } from "./access.js";
import { forbidden, unauthorized } from "./problem.js";
import type { SecureCookies } from "./settings.js";

export interface Services {
  db: Database;
  accounts: AccountsRepository;
  organizations: OrganizationsRepository;
  tokens: TokensRepository;
  models: ModelStore;
  auth: Authenticator;
  limiter: LoginLimiter;
  signIns: SignInEvents;
  invitations: InvitationsRepository;
  /** how invitations reach people: the accept link for the admin, until mail delivery plugs in here */
  invitationDelivery: InvitationDelivery;
  /** the server's mail (CONTINUUM_SMTP_URL); null when it sends none */
  mailer: Mailer | null;
  passwordResets: PasswordResets;
  analysis: AnalysisRunner;
  intake: IntakeRepository;
  intakeGate: IntakeGate;
  desk: IncidentDesk;
  jobs: JobQueue;
  /** how soon re-projection follows new alerts (slower while projections are expensive) */
  reprojectionPace: ReprojectionPace;
  checks: ChecksRepository;
  checkRunner: CheckRunner;
  /** people's contact details (records, linked to the model's persons) */
  directory: DirectoryRepository;
  /** crisis communication: the one mail transport, the outbox, the call trees */
  communication: { mail: MailTransport; outbox: Outbox; callTrees: CallTrees };
  config: {
    secureCookies: SecureCookies;
    sessionMs: number;
    maxImportBytes: number;
  };
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
    org: OrgContext | null;
  }
}

/** The organization of an org route (set by the access hook before the handler runs). */
export function orgOf(request: FastifyRequest): OrgContext {
  if (!request.org) throw new Error("org route without organization context");
  return request.org;
}

/** The signed-in person (session routes). */
export function userOf(request: FastifyRequest) {
  const p = request.principal;
  if (!p) throw unauthorized();
  if (p.kind !== "session") throw forbidden("this needs a signed-in person; API tokens work on organization routes");
  return p.user;
}

/** Who a change is attributed to: the person, or the person who created the API token. */
export async function actorFor(request: FastifyRequest, services: Services): Promise<Actor> {
  const p = request.principal;
  if (!p) throw unauthorized();
  const creator = p.kind === "token" ? await services.auth.tokenCreator(p.token.createdBy) : null;
  return actorOf(p, request.ip, creator);
}

/**
 * Is the session cookie Secure on this request (the setting, and for `auto` whether the request
 * came over https)? The same answer decides HSTS: a browser told to keep to https is one that
 * already has a Secure cookie.
 */
export function cookiesSecure(setting: SecureCookies, request: FastifyRequest): boolean {
  return setting === "always" || (setting === "auto" && request.protocol === "https");
}
