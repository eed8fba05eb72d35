// Writes schema/continuum.schema.json from the format's declarations (src/model/schema.ts), via
// the built engine: `npm run schema -w @continuum/engine` builds first. A test checks that the
// committed file is what this writes.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { modelJsonSchema } from "../dist/index.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "schema", "continuum.schema.json");
writeFileSync(out, JSON.stringify(modelJsonSchema(), null, 2) + "\n");
console.log(`wrote ${out}`);
