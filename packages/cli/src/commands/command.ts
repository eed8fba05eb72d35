/** What every `continuum` command is: a name, its help, and a run that returns the exit status. */
import type { Output } from "../terminal.js";

export const EXIT_OK = 0;
export const EXIT_INVALID = 1; // the model or scenario is invalid (or a --strict check found warnings)
export const EXIT_USAGE = 2;

export interface Command {
  name: string;
  summary: string;
  /** full help text: usage, options, examples */
  help: string;
  run(argv: string[], output: Output): Promise<number>;
}
