#!/usr/bin/env node
/** `continuum`: the command line of the continuity engine. */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./args.js";
import { EXIT_USAGE } from "./commands/command.js";
import { commands } from "./commands/index.js";
import { processOutput, type Output } from "./terminal.js";

import { version } from "./version.js";

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `continuum ${version()}: business continuity as a living, tested model

Usage: continuum COMMAND [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`continuum COMMAND --help\` for a command's options and examples.

Examples:
  continuum check examples/pangyo-2022/model.yaml
  continuum simulate examples/pangyo-2022/model.yaml examples/pangyo-2022/pangyo-fire.yaml
  continuum spof examples/pangyo-2022/model.yaml`;
}

export async function main(argv: string[], output: Output = processOutput()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    output.err(overview());
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    if (name === "help" && rest[0] && !topic) {
      output.err(`continuum: unknown command "${rest[0]}"`);
      return EXIT_USAGE;
    }
    output.out(topic ? topic.help : overview());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    output.out(version());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    output.err(`continuum: unknown command "${name}"\n\n${overview()}`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    output.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, output);
  } catch (e) {
    if (e instanceof UsageError) {
      output.err(`continuum ${command.name}: ${e.message}\nRun \`continuum ${command.name} --help\` for usage.`);
      return EXIT_USAGE;
    }
    // a bug of ours, not the user's: say so plainly; the stack only on request
    output.err(`continuum ${command.name}: internal error: ${(e as Error).message}${process.env.CONTINUUM_DEBUG ? `\n${(e as Error).stack}` : "\n(set CONTINUUM_DEBUG=1 for details, and please report it)"}`);
    return 70;
  }
}

function isEntryPoint(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`continuum: ${(e as Error).message}\n`);
      process.exitCode = 70;
    },
  );
}
