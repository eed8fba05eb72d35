/** A small, strict argument parser: unknown flags are usage errors, never silently ignored. */

export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface FlagSpec {
  /** takes a value (`--for 10h`) or is a switch (`--json`) */
  value?: boolean;
  short?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean | undefined>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>, command?: string): ParsedArgs {
  const positional: string[] = [];
  const flags: ParsedArgs["flags"] = {};
  const byShort = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--") || (arg.startsWith("-") && arg.length === 2 && arg !== "-")) {
      let name: string;
      let inline: string | undefined;
      if (arg.startsWith("--")) {
        const eq = arg.indexOf("=");
        name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
        inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      } else {
        const long = byShort.get(arg.slice(1));
        if (!long) throw new UsageError(`unknown option ${arg}`, command);
        name = long;
      }
      const s = spec[name];
      if (!s) {
        const known = Object.keys(spec).map((k) => `--${k}`).join(", ");
        throw new UsageError(`unknown option --${name}${known ? ` (options: ${known})` : ""}`, command);
      }
      if (s.value) {
        const v = inline ?? argv[++i];
        if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`--${name} needs a value`, command);
        flags[name] = v;
      } else {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`, command);
        flags[name] = true;
      }
    } else positional.push(arg);
  }
  return { positional, flags };
}
