/**
 * The contact directory's import: one row a person (linked to the model by the person's component
 * id), their e-mail addresses, phones, languages and working hours. Pure: text in, contacts and
 * problems out; every problem names its line, column and field, so nothing is half imported.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import { ID_PATTERN } from "../model/types.js";
import { parseCsv, type Cell } from "./csv.js";

export interface ContactRecord {
  person: string;
  name: string | null;
  emails: string[];
  phones: string[];
  languages: string[];
  /** e.g. "Mon-Fri 09:00-18:00 KST" as written */
  workingHours: string | null;
  /** a chat or SMS/voice provider address when it is not a phone (optional) */
  webhook: string | null;
}

export interface ContactProblem {
  line: number;
  column: number;
  field: string;
  message: string;
}

/** Column names people write (English or Korean) → the field. */
const CONTACT_COLUMNS: Record<string, keyof ContactRecord> = {
  person: "person", id: "person", 사람: "person", 아이디: "person",
  name: "name", 이름: "name",
  email: "emails", emails: "emails", 이메일: "emails", 메일: "emails",
  phone: "phones", phones: "phones", 전화: "phones", 전화번호: "phones", 휴대폰: "phones",
  language: "languages", languages: "languages", 언어: "languages",
  workinghours: "workingHours", hours: "workingHours", 근무시간: "workingHours",
  webhook: "webhook", 웹훅: "webhook",
};

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,20}$/;
const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, "");
/** Several values in one cell are separated by `;` or `|` (a comma would split the column). */
const many = (s: string) => s.split(/[;|]/).map((v) => v.trim()).filter(Boolean);

export function readContactsCsv(text: string, path = "contacts.csv"): { contacts: ContactRecord[]; problems: ContactProblem[] } {
  const diagnostics: Diagnostic[] = [];
  const table = parseCsv({ path, text }, diagnostics);
  const problems: ContactProblem[] = diagnostics.map((d) => ({ line: d.line ?? 1, column: d.column ?? 1, field: "file", message: d.message }));
  if (!table) return { contacts: [], problems };
  const columns = table.header.map((h) => CONTACT_COLUMNS[norm(h.value)]);
  table.header.forEach((h, i) => {
    if (!columns[i] && h.value) problems.push({ line: h.line, column: h.column, field: h.value, message: `unknown column "${h.value}" (known: person, name, email, phone, language, workingHours, webhook)` });
  });
  if (!columns.includes("person")) problems.push({ line: 1, column: 1, field: "person", message: "the header has no person column (the person's component id in the model)" });
  const contacts: ContactRecord[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const c: ContactRecord = { person: "", name: null, emails: [], phones: [], languages: [], workingHours: null, webhook: null };
    const bad = (cell: Cell, field: string, message: string) => problems.push({ line: cell.line, column: cell.column, field, message });
    row.forEach((cell, i) => {
      const field = columns[i];
      const v = cell.value.trim();
      if (!field || v === "") return;
      switch (field) {
        case "person":
          if (!ID_PATTERN.test(v)) bad(cell, "person", `"${v}" is not a component id ([a-z0-9][a-z0-9._-]*)`);
          c.person = v;
          break;
        case "name":
        case "workingHours":
          c[field] = v;
          break;
        case "emails":
          for (const e of many(v)) (EMAIL.test(e) ? c.emails.push(e) : bad(cell, "email", `"${e}" is not an e-mail address`));
          break;
        case "phones":
          for (const p of many(v)) (PHONE.test(p) ? c.phones.push(p.replace(/[ ()-]/g, "")) : bad(cell, "phone", `"${p}" is not a phone number (digits, optionally +country code)`));
          break;
        case "languages":
          for (const l of many(v.replace(/,/g, ";"))) (LANGUAGE.test(l) ? c.languages.push(l) : bad(cell, "language", `"${l}" is not a language code such as ko or en`));
          break;
        case "webhook":
          if (!/^https?:\/\/\S+$/.test(v)) bad(cell, "webhook", `"${v}" is not an http(s) URL`);
          c.webhook = v;
          break;
      }
    });
    const first = row[0];
    if (!c.person) {
      problems.push({ line: first.line, column: first.column, field: "person", message: "the row names no person" });
      continue;
    }
    if (seen.has(c.person)) problems.push({ line: first.line, column: first.column, field: "person", message: `"${c.person}" is listed twice (first on line ${seen.get(c.person)})` });
    else seen.set(c.person, first.line);
    if (!c.emails.length && !c.phones.length && !c.webhook) problems.push({ line: first.line, column: first.column, field: "email", message: `"${c.person}" has no e-mail, phone or webhook: there is no way to reach them` });
    contacts.push(c);
  }
  return { contacts, problems };
}
