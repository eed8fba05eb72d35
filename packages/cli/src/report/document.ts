/**
 * A report as blocks (headings, paragraphs, tables, lists) rendered for a terminal or as Markdown,
 * so every command writes its content once and `--format markdown` comes for free.
 */
import { paint as makePaint, type Paint } from "../terminal.js";

export type Tone = "bad" | "good" | "warn" | "dim" | "strong";
export type Cell = string | { text: string; tone?: Tone };
export type Block =
  | { kind: "heading"; text: string; level: 1 | 2 | 3 }
  | { kind: "para"; text: Cell[] | string }
  | { kind: "table"; head: string[]; rows: Cell[][]; align?: Array<"left" | "right"> }
  | { kind: "list"; items: Array<Cell[] | string> };

export type Format = "text" | "markdown";

export function render(blocks: Block[], format: Format, color: boolean): string {
  const p = makePaint(color && format === "text");
  const out: string[] = [];
  for (const b of blocks) {
    if (out.length) out.push("");
    switch (b.kind) {
      case "heading":
        out.push(format === "markdown" ? `${"#".repeat(b.level)} ${b.text}` : b.level === 1 ? p.bold(b.text) : p.bold(p.cyan(b.text)));
        break;
      case "para":
        out.push(cells(b.text, format, p));
        break;
      case "list":
        for (const item of b.items) out.push(`${format === "markdown" ? "-" : "  •"} ${cells(item, format, p)}`);
        break;
      case "table":
        out.push(format === "markdown" ? markdownTable(b) : textTable(b, p));
        break;
    }
  }
  return out.join("\n") + "\n";
}

function cells(text: Cell[] | string, format: Format, p: Paint): string {
  if (typeof text === "string") return text;
  return text.map((c) => cellText(c, format, p)).join("");
}

function cellText(c: Cell, format: Format, p: Paint): string {
  if (typeof c === "string") return format === "markdown" ? c.replace(/\|/g, "\\|") : c;
  if (format === "markdown") {
    const t = c.text.replace(/\|/g, "\\|");
    return c.tone === "bad" || c.tone === "strong" ? `**${t}**` : t;
  }
  switch (c.tone) {
    case "bad":
      return p.red(c.text);
    case "good":
      return p.green(c.text);
    case "warn":
      return p.yellow(c.text);
    case "dim":
      return p.dim(c.text);
    case "strong":
      return p.bold(c.text);
    default:
      return c.text;
  }
}

function plain(c: Cell): string {
  return typeof c === "string" ? c : c.text;
}

function markdownTable(t: Extract<Block, { kind: "table" }>): string {
  const p = makePaint(false);
  const head = `| ${t.head.join(" | ")} |`;
  const rule = `| ${t.head.map((_, i) => (t.align?.[i] === "right" ? "---:" : "---")).join(" | ")} |`;
  const rows = t.rows.map((r) => `| ${r.map((c) => cellText(c, "markdown", p)).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}

function textTable(t: Extract<Block, { kind: "table" }>, p: Paint): string {
  const widths = t.head.map((h, i) => Math.max(displayWidth(h), ...t.rows.map((r) => displayWidth(plain(r[i] ?? "")))));
  const pad = (s: string, shown: string, i: number) => {
    const gap = " ".repeat(Math.max(0, widths[i] - displayWidth(shown)));
    return t.align?.[i] === "right" ? gap + s : s + gap;
  };
  const lines = [t.head.map((h, i) => pad(p.bold(h), h, i)).join("  ")];
  lines.push(widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of t.rows) lines.push(r.map((c, i) => pad(cellText(c, "text", p), plain(c), i)).join("  ").trimEnd());
  return lines.map((l) => "  " + l).join("\n");
}

/** Columns a string takes in a terminal: Hangul and other East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
