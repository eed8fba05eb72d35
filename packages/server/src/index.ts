/**
 * The Continuum server, as a library: `startServer(options)` opens the database (PGlite in a data
 * directory, or PostgreSQL), applies the migrations, loads the demo on first start, and listens.
 * Used by `main.ts` (the command line), the tests and the end-to-end runs.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { AccountsRepository } from "./accounts/accounts-repository.js";
import { Authenticator } from "./accounts/authenticator.js";
import { LoginLimiter } from "./accounts/login-limiter.js";
import { SignInEvents } from "./accounts/sign-in-events.js";
import { linkForTheAdmin, mailedInvitations } from "./invitations/invitation-delivery.js";
import { PasswordResets } from "./accounts/password-resets.js";
import { accountMailer, type Mailer } from "./mail/mailer.js";
import { InvitationsRepository } from "./invitations/invitations-repository.js";
import { AnalysisRunner } from "./analysis/analysis-runner.js";
import { buildApp, type RouteInfo } from "./core/app.js";
import { safeLogOptions } from "./core/log-safety.js";
import type { Services } from "./core/services.js";
import { defaultWebDir, PACKAGE_DIR, ROOT_DIR, type ServerOptions } from "./core/settings.js";
import { loadDemo } from "./demo.js";
import { ModelStore } from "./model/model-store.js";
import { OrganizationsRepository } from "./organizations/organizations-repository.js";
import { acquireDataLock, type DataLock } from "./storage/data-lock.js";
import { explainStartupFailure } from "./storage/disk-full.js";
import { openPGlite, openPostgres, type Database } from "./storage/database.js";
import { migrate } from "./storage/migrations.js";
import { TokensRepository } from "./tokens/tokens-repository.js";
import { IncidentDesk } from "./incidents/incident-desk.js";
import { IncidentsRepository } from "./incidents/incidents-repository.js";
import { JobQueue } from "./incidents/job-queue.js";
import { CheckRunner } from "./checks/check-runner.js";
import { ChecksRepository } from "./checks/checks-repository.js";
import { ReprojectionPace } from "./intake/reprojection-pace.js";
import { LiveHub } from "./incidents/live.js";
import { checkHeartbeat } from "./intake/heartbeat-watch.js";
import { IntakeGate } from "./intake/intake-gate.js";
import { IntakeRepository } from "./intake/intake-repository.js";
import { postWebhookNotice, STATUS_WEBHOOK_JOB } from "./status/notice-delivery.js";
import { CallTrees, DECLARED_JOB, ESCALATE_JOB } from "./communication/call-tree.js";
import { ChannelDelivery } from "./communication/channels.js";
import { MailTransport } from "./mail/mail-transport.js";
import { Outbox, OUTBOX_JOB } from "./communication/outbox.js";
import { DirectoryRepository } from "./directory/directory-repository.js";

export type { ServerOptions } from "./core/settings.js";
export type { RouteInfo } from "./core/app.js";
export { ROLES, PERMISSIONS, ROLE_PERMISSIONS, TOKEN_SCOPES, type Role, type Permission, type Access } from "./core/access.js";
export { DataDirectoryLockedError } from "./storage/data-lock.js";
export { DiskFullError } from "./storage/disk-full.js";
export { readSettings, helpText, SETTINGS, SettingsError } from "./core/settings.js";

export interface RunningServer {
  /** http://host:port, without a trailing slash */
  url: string;
  port: number;
  /** stops listening, closes the database, releases the data directory */
  close(): Promise<void>;
  app: FastifyInstance;
  /** every API route with its access rule (the tenancy and role tests are generated from it) */
  routes: RouteInfo[];
  /** slug of the demo organization, when one was loaded (now or on an earlier start) */
  demo: string | null;
  database: { kind: "pglite" | "postgres"; description: string };
}

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version;

function loggerOption(logger: ServerOptions["logger"]) {
  if (logger === undefined || logger === false) return false;
  if (logger === true) return safeLogOptions({ level: "info" });
  if (typeof logger === "string") return safeLogOptions({ level: logger });
  return safeLogOptions(logger);
}

/** Fastify's trustProxy: a hop count is a number, a list of addresses is comma separated. */
function trustProxyOption(value: ServerOptions["trustProxy"]): boolean | number | string[] {
  if (value === undefined) return false;
  if (typeof value === "boolean" || typeof value === "number") return value;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? 8080;
  const host = options.host ?? "localhost";
  const dataDir = resolve(options.dataDir ?? "./data");
  let lock: DataLock | undefined;
  let db: Database | undefined;
  let analysis: AnalysisRunner | undefined;
  let app: FastifyInstance | undefined;
  let sweep: NodeJS.Timeout | undefined;
  let jobs: JobQueue | undefined;
  let mailer: Mailer | null = null;
  let checkRunner: CheckRunner | undefined;
  let mailTransport: MailTransport | undefined;
  const cleanup = async () => {
    if (sweep) clearInterval(sweep);
    await checkRunner?.stop().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    mailTransport?.close();
    await app?.close().catch(() => undefined);
    await analysis?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    lock?.release();
  };
  try {
    if (options.databaseUrl) {
      db = await openPostgres(options.databaseUrl);
    } else {
      try {
        lock = acquireDataLock(dataDir);
        db = await openPGlite(join(dataDir, "pglite"));
        await migrate(db);
      } catch (e) {
        throw explainStartupFailure(e, dataDir);
      }
    }
    if (db.kind === "postgres") await migrate(db);

    const accounts = new AccountsRepository();
    const organizations = new OrganizationsRepository();
    const tokens = new TokensRepository();
    const sessionMs = (options.sessionDays ?? 14) * 86_400_000;
    analysis = new AnalysisRunner();
    const models = new ModelStore(db, analysis);
    await models.discardUnpublished();
    const intake = new IntakeRepository();
    const desk = new IncidentDesk(db, models, intake, new IncidentsRepository(), new LiveHub());
    const database = db;
    const checks = new ChecksRepository();
    const pace = new ReprojectionPace();
    const runner = new CheckRunner(db, checks, intake, () => queue.wake(), (e) => app?.log.error({ err: e }, "check failed"));
    checkRunner = runner;
    // crisis communication: one mail transport (the settings win; the environment is read when unset)
    const mail = new MailTransport(
      () => options.smtpUrl ?? process.env.CONTINUUM_SMTP_URL,
      () => options.mailFrom ?? process.env.CONTINUUM_MAIL_FROM ?? "Continuum <continuum@localhost>",
    );
    mailTransport = mail;
    const delivery = new ChannelDelivery(mail, () => options.smsUrl ?? process.env.CONTINUUM_SMS_URL);
    const outbox = new Outbox(db, delivery, options.outbox, (ids) => ids.forEach((id) => desk.live.publish(LiveHub.incident(id))));
    const directory = new DirectoryRepository();
    let publicUrl = options.publicUrl ?? "";
    const callTrees = new CallTrees(db, desk, directory, delivery, () => publicUrl, () => queue.wake());
    const queue = new JobQueue(
      db,
      {
        reproject: (p) => pace.timed(Number(p.organizationId), () => desk.reproject(Number(p.organizationId))),
        // scheduled here; the probe runs beside the queue
        "check-run": async (p) => void (await runner.run(Number(p.organizationId), String(p.checkId))),
        "heartbeat-check": async (p) => {
          if (await checkHeartbeat(database, intake, Number(p.heartbeatId))) queue.wake();
        },
        [STATUS_WEBHOOK_JOB]: (p) => postWebhookNotice(database, Number(p.noticeId)),
        [OUTBOX_JOB]: () => outbox.flush(),
        [DECLARED_JOB]: (p) => callTrees.activate(Number(p.incidentId)),
        [ESCALATE_JOB]: (p) => callTrees.escalate(Number(p.incidentId)),
      },
      { log: (e, kind) => app?.log.error({ err: e, kind }, "job failed") },
    );
    jobs = queue;
    mailer = options.smtpUrl ? accountMailer(mail) : null;
    const services: Services = {
      db,
      accounts,
      organizations,
      tokens,
      models,
      auth: new Authenticator(db, accounts, organizations, tokens, sessionMs),
      limiter: new LoginLimiter(db, options.loginLimit ?? { max: 5, windowSeconds: 900 }),
      signIns: new SignInEvents(),
      invitations: new InvitationsRepository(),
      invitationDelivery: mailer ? mailedInvitations(mailer) : linkForTheAdmin,
      mailer,
      passwordResets: new PasswordResets(),
      analysis,
      intake,
      intakeGate: new IntakeGate(db, intake),
      desk,
      jobs: queue,
      reprojectionPace: pace,
      checks,
      checkRunner: runner,
      directory,
      communication: { mail, outbox, callTrees },
      config: { secureCookies: options.secureCookies ?? "auto", sessionMs, maxImportBytes: Math.round((options.maxImportMb ?? 32) * 1024 * 1024) },
    };
    const webDir = options.webDir === undefined ? defaultWebDir() : options.webDir === null ? null : resolve(options.webDir);
    const built = await buildApp(services, { logger: loggerOption(options.logger), trustProxy: trustProxyOption(options.trustProxy), webDir, version: VERSION });
    app = built.app;
    await app.ready();

    let demo = (await accounts.setting(db, "demo_organization")) ?? null;
    if (options.demo !== false && !demo) demo = (await loadDemo(services, resolve(options.exampleDir ?? join(ROOT_DIR, "examples/pangyo-2022")), app.log)) ?? null;

    await accounts.deleteExpiredSessions(db);
    sweep = setInterval(() => void accounts.deleteExpiredSessions(db!).catch(() => undefined), 3_600_000);
    sweep.unref();

    await app.listen({ port, host });
    queue.start();
    runner.start();
    const address = app.server.address();
    const actualPort = typeof address === "object" && address ? address.port : port;
    const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
    publicUrl ||= process.env.CONTINUUM_PUBLIC_URL?.replace(/\/+$/, "") || `http://${shownHost}:${actualPort}`;
    let closed: Promise<void> | undefined;
    return {
      url: `http://${shownHost}:${actualPort}`,
      port: actualPort,
      app,
      routes: built.routes,
      demo,
      database: { kind: db.kind, description: db.description },
      close: () => (closed ??= cleanup()),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
