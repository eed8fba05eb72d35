/**
 * The demo organization: on the first start, the example (examples/pangyo-2022: the model and the
 * scenarios beside it) is imported into an organization of its own, so that a new user has
 * something to play a disaster against. It happens once; a missing or broken example is logged
 * and skipped (and tried again at the next start).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { formatDiagnostic, loadModel, type SourceFile } from "@continuum/engine";
import type { FastifyBaseLogger } from "fastify";
import type { Services } from "./core/services.js";
import { ModelChanges } from "./model/model-changes.js";
import { StatusRepository } from "./status/status-repository.js";

export const DEMO_SETTING = "demo_organization";

/** The example's files: the YAML files at the top of the folder (subfolders hold other variants). */
export function exampleFiles(dir: string): SourceFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
}

export async function loadDemo(services: Services, exampleDir: string, log: FastifyBaseLogger): Promise<string | undefined> {
  const { db, accounts, organizations, models } = services;
  if (await accounts.setting(db, DEMO_SETTING)) return undefined;
  const files = exampleFiles(exampleDir);
  if (!files.some((f) => /(^|\n)continuum\s*:/.test(f.text))) {
    log.warn(`demo: no example model in ${exampleDir}; starting without a demo organization`);
    return undefined;
  }
  const { loaded, diagnostics } = loadModel(files);
  if (!loaded) {
    log.warn(`demo: the example in ${exampleDir} is not valid, skipped:\n${diagnostics.filter((d) => d.severity === "error").slice(0, 10).map(formatDiagnostic).join("\n")}`);
    return undefined;
  }
  const base = basename(exampleDir).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "demo";
  let slug = base;
  for (let i = 2; await organizations.bySlug(db, slug); i++) slug = `${base}-${i}`;
  const name = `${loaded.model.organization ?? "Example"} (demo)`;
  const org = await db.transaction(async (tx) => {
    const created = await organizations.create(tx, slug, name);
    // site administrators who exist already (the demo is loaded after setup) can see it
    for (const id of await accounts.siteAdminIds(tx)) await organizations.addMember(tx, created.id, id, "admin");
    // its public status page is published out of the box (docs/status-page.md)
    await new StatusRepository().setPublished(tx, created.id, true, "Continuum (demo)");
    return created;
  });
  try {
    await new ModelChanges(models).importFiles(org.id, { userId: null, name: "Continuum (demo)", email: null, token: null }, files, `Demo: ${files.map((f) => f.path).join(", ")} from ${exampleDir}`, undefined, "demo");
  } catch (e) {
    log.warn({ err: e }, "demo: the import failed; the demo organization stays empty");
  }
  await accounts.setSetting(db, DEMO_SETTING, slug);
  log.info(`demo: loaded ${files.map((f) => f.path).join(", ")} into the organization "${slug}"`);
  services.auth.invalidate();
  return slug;
}
