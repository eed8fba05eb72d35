/** The version of this command line (its package.json), shown by --version and recorded in snapshots. */
import { readFileSync } from "node:fs";

export function version(): string {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}
