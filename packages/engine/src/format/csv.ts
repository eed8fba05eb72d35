/**
 * Spreadsheets in: a components table (one row a component) and, optionally, a dependencies table
 * (one row a dependency) become a continuity model. Pure: texts in, the model and diagnostics out.
 * Columns are documented in docs/model-format.md ("Spreadsheets (CSV)"); every message names the
 * file, line and column of the cell.
 */
import { parseDuration } from "../duration.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { SourceFile } from "../model/source.js";
import { closestIds, likelyTypo } from "../model/typos.js";
import { ID_PATTERN } from "../model/types.js";
import { conversion, type Conversion, type ModelDocument } from "./model-text.js";

export interface Cell {
  value: string;
  line: number;
  column: number;
}

export interface Table {
  header: Cell[];
  rows: Cell[][];
}

/**
 * RFC 4180 with what spreadsheets really write: a UTF-8 byte order mark, CRLF, quoted fields with
 * "" inside and line breaks, and `;` or tab as the separator when the header uses it.
 */
export function parseCsv(file: SourceFile, diagnostics: Diagnostic[]): Table | undefined {
  const text = file.text.replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const separator = [",", ";", "\t"].map((s) => [s, unquoted.split(s).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const records: Cell[][] = [];
  let record: Cell[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  for (;;) {
    const cell: Cell = { value: "", line, column: i - lineStart + 1 };
    if (text[i] === '"') {
      const open = { line, column: i - lineStart + 1 };
      i++;
      let value = "";
      for (;;) {
        if (i >= text.length) {
          diagnostics.push({ severity: "error", code: "csv-syntax", message: "a quoted field is never closed", hint: 'end it with " (write "" for a quote inside a field)', file: file.path, ...open });
          return undefined;
        }
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === "\n") {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      cell.value = value;
      if (i < text.length && text[i] !== separator && text[i] !== "\n" && text[i] !== "\r") {
        diagnostics.push({ severity: "error", code: "csv-syntax", message: `text after the closing quote of a field`, hint: 'quote the whole field, and write "" for a quote inside it', file: file.path, line, column: i - lineStart + 1 });
        return undefined;
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== separator && text[end] !== "\n" && text[end] !== "\r") end++;
      cell.value = text.slice(i, end).trim();
      i = end;
    }
    record.push(cell);
    if (i < text.length && text[i] === separator) {
      i++;
      continue;
    }
    // end of a record (blank lines are skipped)
    if (record.length > 1 || record[0].value !== "") records.push(record);
    record = [];
    if (i >= text.length) break;
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    lineStart = i;
    if (i >= text.length) break;
  }
  if (!records.length) {
    diagnostics.push({ severity: "error", code: "csv-empty", message: "the file has no header row", hint: "the first row names the columns, e.g. id,name,kind,site,tier,rto,mtpd", file: file.path, line: 1, column: 1 });
    return undefined;
  }
  const [header, ...rows] = records;
  for (const row of rows) {
    if (row.length > header.length && row.slice(header.length).some((c) => c.value !== "")) {
      const extra = row.slice(header.length).find((c) => c.value !== "")!;
      diagnostics.push({ severity: "error", code: "csv-extra-cell", message: `this row has more cells (${row.length}) than the header has columns (${header.length})`, hint: "quote a field that holds the separator, or add a column name", file: file.path, line: extra.line, column: extra.column });
    }
  }
  return { header, rows };
}

/** Column names people write (English or Korean, any case, spaces or _ or -) → the field. */
const COMPONENT_COLUMNS: Record<string, string> = {
  id: "id", 아이디: "id",
  name: "name", 이름: "name", 명칭: "name",
  kind: "kind", 종류: "kind", 유형: "kind",
  site: "site", 사이트: "site", 위치: "site",
  owner: "owner", 담당: "owner", 담당자: "owner", 담당팀: "owner",
  description: "description", 설명: "description",
  tier: "tier", 등급: "tier",
  rto: "rto", rpo: "rpo", mtpd: "mtpd",
  restart: "restart", 재시작: "restart",
  mbco: "mbco",
  tags: "tags", 태그: "tags",
  perhour: "perHour", 시간당손실: "perHour",
};
const DEPENDENCY_COLUMNS: Record<string, string> = {
  component: "component", 구성요소: "component",
  needs: "needs", dependson: "needs", 의존대상: "needs",
  group: "group", 그룹: "group",
  need: "need", 필요수: "need",
  mode: "mode", 모드: "mode",
  failover: "failover", 전환시간: "failover",
};

const normal = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

interface Columns {
  /** field → index of its column */
  at: Map<string, number>;
}

function columns(table: Table, known: Record<string, string>, required: string[], file: string, diagnostics: Diagnostic[]): Columns | undefined {
  const at = new Map<string, number>();
  table.header.forEach((cell, index) => {
    const field = known[normal(cell.value)];
    if (!cell.value) return;
    if (!field) {
      const meant = likelyTypo(normal(cell.value), Object.keys(known));
      diagnostics.push({ severity: "warning", code: "csv-unknown-column", message: `column "${cell.value}" is not known; it is ignored`, hint: meant ? `did you mean "${meant}"?` : `known columns: ${[...new Set(Object.values(known))].join(", ")}`, file, line: cell.line, column: cell.column });
    } else if (at.has(field)) {
      diagnostics.push({ severity: "error", code: "csv-duplicate-column", message: `column "${cell.value}" repeats the column ${field}`, file, line: cell.line, column: cell.column });
    } else at.set(field, index);
  });
  const missing = required.filter((f) => !at.has(f));
  if (missing.length) {
    diagnostics.push({ severity: "error", code: "csv-missing-column", message: `the header has no ${missing.join(", ")} column`, hint: `the first row names the columns, e.g. ${required.join(",")}`, file, line: 1, column: 1 });
    return undefined;
  }
  return { at };
}

export interface CsvOptions {
  organization?: string;
  currency?: string;
}

export function convertCsv(components: SourceFile, dependencies?: SourceFile, options: CsvOptions = {}): Conversion {
  const diagnostics: Diagnostic[] = [];
  const model: ModelDocument = { continuum: 1, ...(options.organization ? { organization: options.organization } : {}), ...(options.currency ? { currency: options.currency } : {}), components: [] };
  const table = parseCsv(components, diagnostics);
  const cols = table && columns(table, COMPONENT_COLUMNS, ["id"], components.path, diagnostics);
  if (!table || !cols) return { diagnostics };
  const error = (file: string, cell: Cell, message: string, hint?: string, component?: string) =>
    diagnostics.push({ severity: "error", code: "csv-value", message, ...(hint ? { hint } : {}), file, line: cell.line, column: cell.column, ...(component ? { component } : {}) });
  const byId = new Map<string, Record<string, unknown>>();
  const where = new Map<string, Cell>();
  const sites: Array<[string, Cell]> = [];
  for (const row of table.rows) {
    const cell = (field: string): Cell | undefined => {
      const i = cols.at.get(field);
      const c = i === undefined ? undefined : row[i];
      return c && c.value !== "" ? c : undefined;
    };
    const idCell = cell("id");
    if (!idCell) {
      error(components.path, row[cols.at.get("id")!] ?? row[0], "this row has no id", "every component needs an id: lowercase letters and digits, then also . _ -");
      continue;
    }
    const id = idCell.value;
    if (!ID_PATTERN.test(id)) {
      error(components.path, idCell, `"${id}" is not a valid id`, `ids are lowercase letters and digits, then also . _ -, e.g. ${id.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "order-db"}; put the display name in the name column`);
      continue;
    }
    if (byId.has(id)) {
      const first = where.get(id)!;
      error(components.path, idCell, `id "${id}" repeats (first on line ${first.line})`, "each component is one row", id);
      continue;
    }
    const c: Record<string, unknown> = { id };
    for (const field of ["name", "kind", "owner", "description", "mbco"]) {
      const v = cell(field);
      if (v) c[field] = v.value;
    }
    const site = cell("site");
    if (site) {
      c.site = site.value;
      sites.push([site.value, site]);
    }
    const tier = cell("tier");
    if (tier) {
      const n = Number(tier.value);
      if (!Number.isInteger(n) || n < 1) error(components.path, tier, `tier must be a whole number from 1 (most critical), got "${tier.value}"`, undefined, id);
      else c.tier = n;
    }
    for (const field of ["rto", "rpo", "mtpd", "restart"]) {
      const v = cell(field);
      if (!v) continue;
      const d = parseDuration(/^\d+(\.\d+)?$/.test(v.value) ? Number(v.value) : v.value);
      if (!d.ok) error(components.path, v, `${field}: ${d.reason}`, undefined, id);
      else c[field] = /^\d+(\.\d+)?$/.test(v.value) ? Number(v.value) : v.value;
    }
    const rto = c.rto !== undefined ? parseDuration(c.rto) : undefined;
    const mtpd = c.mtpd !== undefined ? parseDuration(c.mtpd) : undefined;
    if (rto?.ok && mtpd?.ok && rto.minutes > mtpd.minutes) error(components.path, cell("rto")!, `rto (${c.rto}) is longer than mtpd (${c.mtpd})`, "the recovery time objective must lie inside the maximum tolerable period of disruption", id);
    const tags = cell("tags");
    if (tags) c.tags = tags.value.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    const perHour = cell("perHour");
    if (perHour) {
      const n = Number(perHour.value.replace(/[,_\s]/g, ""));
      if (!Number.isFinite(n) || n < 0) error(components.path, perHour, `perHour must be an amount of money (a number, e.g. 1000000), got "${perHour.value}"`, undefined, id);
      else c.impact = [{ from: 0, perHour: n }];
    }
    byId.set(id, c);
    where.set(id, idCell);
    model.components.push(c);
  }
  const unknown = (file: string, cell: Cell, what: string, component?: string) => {
    const near = closestIds(cell.value, byId.keys());
    error(file, cell, `${what} "${cell.value}" is not a component of ${components.path}`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `add a row for "${cell.value}" to ${components.path}`, component);
  };
  for (const [site, cell] of sites) if (!byId.has(site)) unknown(components.path, cell, "site");

  if (dependencies) {
    const deps = parseCsv(dependencies, diagnostics);
    const dcols = deps && columns(deps, DEPENDENCY_COLUMNS, ["component", "needs"], dependencies.path, diagnostics);
    if (deps && dcols) {
      const groups = new Map<string, { members: string[]; need?: number; mode?: string; failover?: string | number }>();
      for (const row of deps.rows) {
        const cell = (field: string): Cell | undefined => {
          const i = dcols.at.get(field);
          const c = i === undefined ? undefined : row[i];
          return c && c.value !== "" ? c : undefined;
        };
        const from = cell("component");
        const to = cell("needs");
        if (!from || !to) {
          error(dependencies.path, row[0], "this row needs both a component and what it needs");
          continue;
        }
        const owner = byId.get(from.value);
        if (!owner) unknown(dependencies.path, from, "component");
        if (!byId.has(to.value)) unknown(dependencies.path, to, "dependency", from.value);
        if (!owner || !byId.has(to.value)) continue;
        const list = (owner.dependsOn as unknown[] | undefined) ?? [];
        owner.dependsOn = list;
        const group = cell("group");
        if (!group) {
          if (!list.includes(to.value)) list.push(to.value);
          continue;
        }
        const key = `${from.value}\u0000${group.value}`;
        let g = groups.get(key);
        if (!g) {
          g = { members: [] };
          groups.set(key, g);
          list.push({ group: group.value }); // its members are filled in below, once all rows are read
        }
        g.members.push(to.value);
        const need = cell("need");
        if (need) {
          const n = Number(need.value);
          if (!Number.isInteger(n) || n < 1) error(dependencies.path, need, `need must be a whole number from 1, got "${need.value}"`, undefined, from.value);
          else g.need = n;
        }
        const mode = cell("mode");
        if (mode) {
          if (mode.value !== "active-active" && mode.value !== "active-passive") error(dependencies.path, mode, `mode must be active-active or active-passive, got "${mode.value}"`, undefined, from.value);
          else g.mode = mode.value;
        }
        const failover = cell("failover");
        if (failover) {
          const d = failover.value === "manual" ? { ok: true as const } : parseDuration(/^\d+(\.\d+)?$/.test(failover.value) ? Number(failover.value) : failover.value);
          if (!d.ok) error(dependencies.path, failover, `failover: ${d.reason}`, "a duration, or manual", from.value);
          else g.failover = /^\d+(\.\d+)?$/.test(failover.value) ? Number(failover.value) : failover.value;
        }
      }
      // groups as plain data, in the order their first row came
      for (const c of model.components) {
        if (!Array.isArray(c.dependsOn)) continue;
        c.dependsOn = (c.dependsOn as unknown[]).map((d) => {
          if (typeof d === "string") return d;
          const name = (d as { group: string }).group;
          const g = groups.get(`${c.id}\u0000${name}`)!;
          return { group: name, members: g.members, ...(g.need !== undefined ? { need: g.need } : {}), ...(g.mode ? { mode: g.mode } : {}), ...(g.failover !== undefined ? { failover: g.failover } : {}) };
        });
      }
    }
  }
  const files = dependencies ? `${components.path} and ${dependencies.path}` : components.path;
  return conversion(model, diagnostics, `Converted by \`continuum import csv\` from ${files} (${model.components.length} component${model.components.length === 1 ? "" : "s"}).`);
}
