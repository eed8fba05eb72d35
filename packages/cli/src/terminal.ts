/** What the terminal can show: colours only on a TTY (NO_COLOR and FORCE_COLOR respected), progress on stderr. */

export interface Output {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
  /** stderr is an interactive terminal: progress may be drawn there */
  interactive: boolean;
}

export function processOutput(): Output {
  const forced = Boolean(process.env.FORCE_COLOR) && process.env.FORCE_COLOR !== "0";
  const color = !process.env.NO_COLOR && (forced || (Boolean(process.stdout.isTTY) && process.env.TERM !== "dumb"));
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : text + "\n"),
    color,
    interactive: Boolean(process.stderr.isTTY),
  };
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function paint(enabled: boolean): Paint {
  if (!enabled) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  }
  return { bold: code(1, 22), dim: code(2, 22), red: code(31, 39), green: code(32, 39), yellow: code(33, 39), cyan: code(36, 39) };
}

/** A one-line progress indicator on stderr; silent when stderr is not a terminal. */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly enabled: boolean, private readonly label: string) {}

  update(done: number, total?: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    const text = total ? `${this.label} ${bar(done / total)} ${Math.floor((100 * done) / total)}% (${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")})` : `${this.label} ${done.toLocaleString("en-US")}`;
    process.stderr.write(`\r\u001b[2K${text}`);
    this.shown = true;
  }

  note(text: string): void {
    if (!this.enabled) return;
    process.stderr.write(`\r\u001b[2K${this.label} ${text}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write("\r\u001b[2K");
    this.shown = false;
  }
}

function bar(fraction: number): string {
  const width = 24;
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}
