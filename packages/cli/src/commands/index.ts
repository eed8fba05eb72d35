/** Every command of `continuum`, in the order `--help` lists them. Add a command here, nowhere else. */
import type { Command } from "./command.js";
import { check } from "./check.js";
import { simulate } from "./simulate.js";
import { spof } from "./spof.js";
import { risk } from "./risk.js";
import { push } from "./push.js";
import { pull } from "./pull.js";
import { importCommand } from "./import.js";
import { plans } from "./plans.js";
import { exercises } from "./exercises.js";
import { compile } from "./compile.js";

export const commands: Command[] = [check, simulate, spof, plans, exercises, risk, compile, importCommand, push, pull];
