/**
 * The TypeScript types of the file format (ModelFile, ComponentInput, …) are inferred from the
 * declarations; test/types/model-file.ts holds what must compile and, marked @ts-expect-error,
 * what must not (a tier as text, an unknown group mode, a step without a duration). vitest does
 * not type-check, so the compiler runs here.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "../../../node_modules/typescript/bin/tsc");

it("the inferred file types accept what a person writes and refuse what the reader refuses", () => {
  const r = spawnSync(process.execPath, [tsc, "-p", join(here, "types")], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 180_000);
