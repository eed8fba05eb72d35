#!/usr/bin/env node
/**
 * `continuum-server` / `npm start`: reads the settings (environment and flags, `--help` lists
 * them), starts the server and prints where it runs. Logs are JSON lines, or short readable lines
 * when the output is a terminal.
 */
import { Writable } from "node:stream";
import { DataDirectoryLockedError, DiskFullError, helpText, readSettings, SettingsError, startServer } from "./index.js";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** pino's JSON lines made readable for a terminal. */
function prettyStream(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as { time?: number; level?: number; msg?: string; err?: { stack?: string; message?: string }; [k: string]: unknown };
          const time = new Date(e.time ?? Date.now()).toTimeString().slice(0, 8);
          const { time: _t, level: _l, msg: _m, pid: _p, hostname: _h, err, reqId: _r, ...rest } = e;
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
          process.stdout.write(`${time} ${(LEVELS[e.level ?? 30] ?? "INFO").padEnd(5)} ${e.msg ?? ""}${extra}\n`);
          if (err) process.stdout.write(`${err.stack ?? err.message}\n`);
        } catch {
          process.stdout.write(line + "\n");
        }
      }
      done();
    },
  });
}

async function main(): Promise<number> {
  let settings;
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof SettingsError) {
      console.error(`continuum-server: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (settings.help) {
    console.log(helpText());
    return 0;
  }
  const { options, logLevel } = settings;
  options.logger = logLevel === "silent" ? false : process.stdout.isTTY ? { level: logLevel, stream: prettyStream() } : { level: logLevel };

  let server;
  try {
    server = await startServer(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof DataDirectoryLockedError || e instanceof DiskFullError) console.error(`continuum-server: ${e.message}`);
    else if (err.code === "EADDRINUSE") console.error(`continuum-server: port ${options.port ?? 8080} is in use by another program; choose another with PORT=… (or --port)`);
    else if (err.code === "ECONNREFUSED" || err.code === "ENOTFOUND" || /password authentication|database .* does not exist/.test(err.message ?? "")) {
      console.error(`continuum-server: cannot reach the PostgreSQL server of DATABASE_URL: ${err.message}`);
    } else console.error(`continuum-server: could not start: ${err.stack ?? err.message}`);
    return 1;
  }

  const setup = await server.app.inject({ method: "GET", url: "/api/v1/setup" });
  const needed = setup.statusCode === 200 && (JSON.parse(setup.body) as { needed: boolean }).needed;
  console.log("");
  console.log(`  Continuum is running at ${server.url}`);
  console.log(`  data: ${server.database.description}${server.demo ? ` · demo organization: ${server.demo}` : ""}`);
  if (needed) console.log(`  Open ${server.url}/ to create the first administrator.`);
  console.log(`  API documentation: ${server.url}/api/docs · stop with Ctrl+C`);
  console.log("");

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`\ncontinuum-server: ${signal}, stopping…`);
      void server.close().finally(resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
