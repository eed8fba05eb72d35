/** Messages between the app and the engine worker (the engine runs off the main thread). */
import type { CapacityWaitsJSON, Diagnostic, Model, RtoInversion, SimulationJSON, SiteLoss } from "@continuum/engine";

export interface LoadInfo {
  ok: boolean;
  /** errors when !ok; warnings otherwise */
  diagnostics: Diagnostic[];
  /** the validated model, durations in minutes (source positions dropped) */
  model?: Model;
  ms: number;
}

export interface Analysis {
  /** tiered service -> components whose loss alone takes it down for good */
  spof: Record<string, string[]>;
  n1Sites: SiteLoss[];
  rtoInversions: RtoInversion[];
  ms: number;
}

export interface ServiceRow {
  id: string;
  name?: string;
  tier?: number;
  rto?: number;
  mtpd?: number;
  outages: Array<{ start: number; end: number | null }>;
  longest: number;
  rtoBreached: boolean;
  mtpdBreached: boolean;
  loss: number;
}

export interface DeadlockExplanation {
  id: string;
  /** deadlocked requirements it waits on */
  waitsOn: string[];
}

export interface BlockedStep {
  plan: string;
  step: string;
  waitingForComponents: string[];
  waitingForSteps: string[];
  /** teams or tools whose every unit is busy (needs all UP) */
  waitingForCapacity: string[];
}

export interface WhatIfResult {
  json: SimulationJSON;
  /** time spent in the worker (ms) */
  ms: number;
  services: ServiceRow[];
  /** end of the interesting part of the timeline (minutes) */
  until: number;
  lossCurve: { t: number[]; loss: number[] };
  deadlocks: DeadlockExplanation[];
  /** circular waits among the deadlocked, each a path a → b → … → a */
  cycles: string[][];
  blockedSteps: BlockedStep[];
  componentsDown: number;
  /** when each step waited for people or tools, and for whom (plan → step → waits) */
  capacityWaits: CapacityWaitsJSON;
  /** the capacities this run changed from the model's ("one more DBA"), id → capacity */
  capacities: Record<string, number>;
}

export type ScenarioFile = {
  scenario: string;
  name?: string;
  description?: string;
  horizon?: number | string;
  events: Array<{ at: number | string; fail?: string; for?: number | string | null; activate?: string }>;
};

export type Request =
  | { type: "load"; key: string; text: string }
  | { type: "analyze"; key: string }
  | { type: "simulate"; key: string; scenario: ScenarioFile; capacities?: Record<string, number> }
  | { type: "check"; files: Array<{ path: string; text: string }> }
  | { type: "parse"; files: Array<{ path: string; text: string }> };

/** YAML/JSON read in the worker (the page's bundle stays free of the YAML parser). */
export interface ParsedFile {
  path: string;
  documents: unknown[];
  diagnostics: Diagnostic[];
}

export type Answer<T = unknown> = { id: number; ok: true; result: T } | { id: number; ok: false; error: string; diagnostics?: Diagnostic[] };
