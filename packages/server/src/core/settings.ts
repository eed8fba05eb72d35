/**
 * The server's settings: each has an environment variable and a command-line flag (the flag wins),
 * a default and a line of help. `npm start -- --help` prints this table.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** packages/server */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** the repository root (for the web app and the example) */
export const ROOT_DIR = resolve(PACKAGE_DIR, "../..");

export type SecureCookies = "auto" | "always" | "never";

export interface ServerOptions {
  port?: number;
  host?: string;
  /** PGlite data directory (ignored when databaseUrl is set) */
  dataDir?: string;
  /** postgres://… : use a PostgreSQL server instead of PGlite */
  databaseUrl?: string;
  /** load the example into a demo organization on first start (default true) */
  demo?: boolean;
  /** folder of the demo example (default examples/pangyo-2022) */
  exampleDir?: string;
  /** false: silent; true or a level: pino to stdout; or a pino options object */
  logger?: boolean | string | Record<string, unknown>;
  secureCookies?: SecureCookies;
  /** Fastify's trustProxy: true, false, a hop count or a list of addresses */
  trustProxy?: boolean | number | string;
  /** built web app to serve; null to serve none (default packages/web/dist when it exists) */
  webDir?: string | null;
  sessionDays?: number;
  maxImportMb?: number;
  loginLimit?: { max: number; windowSeconds: number };
  /** smtp://user:password@host:port — mail for invitations and password resets */
  smtpUrl?: string;
  /** the From of the server's mail */
  mailFrom?: string;
  /** an SMS/voice provider's webhook (JSON POST); default CONTINUUM_SMS_URL */
  smsUrl?: string;
  /** the address people reach this server at, for links in messages (default: the address it listens on) */
  publicUrl?: string;
  /** outbox retry timing (tests shorten it) */
  outbox?: Partial<import("../communication/outbox.js").OutboxOptions>;
}

export interface SettingDefinition {
  key: keyof ServerOptions | "help" | "logLevel";
  flag: string;
  env: string[];
  default: string;
  help: string;
  type: "string" | "number" | "boolean" | "path";
}

export const SETTINGS: SettingDefinition[] = [
  { key: "port", flag: "--port", env: ["PORT"], default: "8080", type: "number", help: "TCP port to listen on (0 = any free port)" },
  { key: "host", flag: "--host", env: ["HOST"], default: "localhost", type: "string", help: "address to listen on; 0.0.0.0 to accept connections from other machines" },
  { key: "dataDir", flag: "--data", env: ["CONTINUUM_DATA"], default: "./data", type: "path", help: "directory of the embedded database (PGlite); one server process per directory" },
  { key: "databaseUrl", flag: "--database-url", env: ["DATABASE_URL"], default: "(none)", type: "string", help: "postgres://user:password@host:5432/db — use a PostgreSQL server instead of PGlite (same migrations)" },
  { key: "demo", flag: "--demo", env: ["CONTINUUM_DEMO"], default: "true", type: "boolean", help: "load the example model into a demo organization on first start (--no-demo to skip)" },
  { key: "exampleDir", flag: "--example", env: ["CONTINUUM_EXAMPLE"], default: "examples/pangyo-2022", type: "path", help: "folder of the demo model (model.yaml and its scenarios)" },
  { key: "secureCookies", flag: "--secure-cookies", env: ["CONTINUUM_SECURE_COOKIES"], default: "auto", type: "string", help: "Secure flag on the session cookie: auto (when the request came over https), always, never" },
  { key: "trustProxy", flag: "--trust-proxy", env: ["CONTINUUM_TRUST_PROXY"], default: "false", type: "string", help: "behind a reverse proxy: true, a hop count, or its addresses (then X-Forwarded-For/-Proto are believed)" },
  { key: "logLevel", flag: "--log-level", env: ["CONTINUUM_LOG_LEVEL", "LOG_LEVEL"], default: "info", type: "string", help: "fatal, error, warn, info, debug (every request), trace, silent" },
  { key: "webDir", flag: "--web", env: ["CONTINUUM_WEB_DIR"], default: "packages/web/dist", type: "path", help: "the built web app to serve (when the folder exists)" },
  { key: "sessionDays", flag: "--session-days", env: ["CONTINUUM_SESSION_DAYS"], default: "14", type: "number", help: "a session ends after this many days without use" },
  { key: "maxImportMb", flag: "--max-import-mb", env: ["CONTINUUM_MAX_IMPORT_MB"], default: "32", type: "number", help: "largest model import accepted, in megabytes (other requests: 1 MB)" },
  { key: "loginLimit", flag: "--login-limit", env: ["CONTINUUM_LOGIN_LIMIT"], default: "5/900", type: "string", help: "failed sign-ins allowed per account (from any address) / window in seconds; an address may fail 20 times as often" },
  { key: "smtpUrl", flag: "--smtp-url", env: ["CONTINUUM_SMTP_URL"], default: "(none)", type: "string", help: "smtp://user:password@host:587 (smtps:// for TLS): mail for crisis messages, invitations and self-service password resets; without it invitation links go to the inviting admin and there is no password reset by e-mail" },
  { key: "mailFrom", flag: "--mail-from", env: ["CONTINUUM_MAIL_FROM"], default: "Continuum <continuum@localhost>", type: "string", help: "the From address of the server's mail" },
  { key: "smsUrl", flag: "--sms-url", env: ["CONTINUUM_SMS_URL"], default: "(none)", type: "string", help: "an SMS/voice provider's webhook: JSON {channel, to, text, messageId} is POSTed to it" },
  { key: "publicUrl", flag: "--public-url", env: ["CONTINUUM_PUBLIC_URL"], default: "(the listening address)", type: "string", help: "https://continuum.example — the address in links sent to people (acknowledgements, invitations)" },
  { key: "help", flag: "--help", env: [], default: "", type: "boolean", help: "print this help" },
];

export class SettingsError extends Error {}

/** Options from the environment and the command line (flags win). */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): { options: ServerOptions; help: boolean; logLevel: string } {
  const raw = new Map<string, string>();
  for (const s of SETTINGS) {
    for (const name of s.env) {
      const v = env[name];
      if (v !== undefined && v !== "") {
        raw.set(s.key, v);
        break;
      }
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      raw.set("help", "true");
      continue;
    }
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const negated = flag.startsWith("--no-") ? SETTINGS.find((s) => s.flag === `--${flag.slice(5)}` && s.type === "boolean") : undefined;
    if (negated) {
      raw.set(negated.key, "false");
      continue;
    }
    const s = SETTINGS.find((d) => d.flag === flag);
    if (!s) throw new SettingsError(`unknown option ${arg} (see --help)`);
    if (s.type === "boolean" && inline === undefined) {
      raw.set(s.key, "true");
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new SettingsError(`${flag} needs a value`);
    raw.set(s.key, value);
  }

  const num = (key: string, min: number): number | undefined => {
    const v = raw.get(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new SettingsError(`${describeSetting(key)} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };
  const bool = (key: string): boolean | undefined => {
    const v = raw.get(key);
    if (v === undefined) return undefined;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    throw new SettingsError(`${describeSetting(key)} must be true or false, got "${v}"`);
  };
  const options: ServerOptions = {};
  const port = num("port", 0);
  if (port !== undefined) {
    if (!Number.isInteger(port) || port > 65535) throw new SettingsError(`PORT must be a whole number from 0 to 65535, got "${raw.get("port")}"`);
    options.port = port;
  }
  if (raw.has("host")) options.host = raw.get("host");
  if (raw.has("dataDir")) options.dataDir = raw.get("dataDir");
  if (raw.has("databaseUrl")) {
    const url = raw.get("databaseUrl")!;
    if (!/^postgres(ql)?:\/\//.test(url)) throw new SettingsError(`DATABASE_URL must start with postgres:// or postgresql://`);
    options.databaseUrl = url;
  }
  const demo = bool("demo");
  if (demo !== undefined) options.demo = demo;
  if (raw.has("exampleDir")) options.exampleDir = raw.get("exampleDir");
  if (raw.has("secureCookies")) {
    const v = raw.get("secureCookies")!.toLowerCase();
    const map: Record<string, SecureCookies> = { auto: "auto", always: "always", true: "always", never: "never", false: "never" };
    if (!map[v]) throw new SettingsError(`CONTINUUM_SECURE_COOKIES must be auto, always or never, got "${v}"`);
    options.secureCookies = map[v];
  }
  if (raw.has("trustProxy")) {
    const v = raw.get("trustProxy")!;
    options.trustProxy = /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : /^\d+$/.test(v) ? Number(v) : v;
  }
  if (raw.has("webDir")) options.webDir = raw.get("webDir");
  const days = num("sessionDays", 0.001);
  if (days !== undefined) options.sessionDays = days;
  const mb = num("maxImportMb", 1);
  if (mb !== undefined) options.maxImportMb = mb;
  if (raw.has("loginLimit")) {
    const m = /^(\d+)\/(\d+)$/.exec(raw.get("loginLimit")!);
    if (!m) throw new SettingsError(`CONTINUUM_LOGIN_LIMIT must look like 5/900 (attempts/seconds), got "${raw.get("loginLimit")}"`);
    options.loginLimit = { max: Number(m[1]), windowSeconds: Number(m[2]) };
  }
  for (const key of ["smtpUrl", "smsUrl", "publicUrl"] as const) {
    const v = raw.get(key);
    if (v === undefined) continue;
    const scheme = key === "smtpUrl" ? /^smtps?:\/\//.test(v) : /^https?:\/\//.test(v);
    if (!scheme) throw new SettingsError(`${describeSetting(key)} must start with ${key === "smtpUrl" ? "smtp:// or smtps://" : "http:// or https://"}, got "${v.replace(/\/\/[^@/]*@/, "//…@")}"`);
    options[key] = key === "publicUrl" ? v.replace(/\/+$/, "") : v;
  }
  if (raw.has("mailFrom")) options.mailFrom = raw.get("mailFrom");
  const logLevel = raw.get("logLevel") ?? "info";
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(logLevel)) throw new SettingsError(`log level must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  return { options, help: raw.get("help") === "true", logLevel };
}

function describeSetting(key: string): string {
  const s = SETTINGS.find((d) => d.key === key);
  return s ? (s.env[0] ?? s.flag) : key;
}

export function helpText(): string {
  const lines = [
    "Continuum server — business continuity management (ISO 22301)",
    "",
    "Usage: npm start [-- options]        or   node packages/server/dist/main.js [options]",
    "",
    "Every setting can be given as an environment variable or a flag (the flag wins):",
    "",
  ];
  const rows = SETTINGS.map((s) => [s.flag + (s.type === "boolean" || s.key === "help" ? "" : " VALUE"), s.env.join(", "), s.default, s.help]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const w2 = Math.max(...rows.map((r) => r[2].length));
  lines.push(`  ${"flag".padEnd(w0)}  ${"environment".padEnd(w1)}  ${"default".padEnd(w2)}  meaning`);
  for (const r of rows) lines.push(`  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2].padEnd(w2)}  ${r[3]}`);
  lines.push(
    "",
    "The first visit to the web app asks for the first administrator (there is no default password).",
    "Documentation: docs/server.md (settings, storage, roles, security, backups) and docs/api.md.",
  );
  return lines.join("\n");
}

export function defaultWebDir(): string | null {
  const dir = join(ROOT_DIR, "packages/web/dist");
  return existsSync(join(dir, "index.html")) ? dir : null;
}
