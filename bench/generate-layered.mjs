#!/usr/bin/env node
/**
 * A deterministic (seeded) layered continuity model in JSON, for benchmarks.
 *
 *   node bench/generate-layered.mjs [--components 1000000] [--sites 100] [--seed 1] [--force] [--out FILE]
 *
 * Ten layers, top to bottom: business processes → business services → applications →
 * databases → VMs → hosts → network → racks → power → sites. Every component depends only on
 * layers below it (so the model has no cycles), ~5 dependencies per component in all (a hard
 * dependency, the `site:` shorthand and every member of a redundancy group each count as one),
 * 90% of them inside the component's own site group. Redundancy: active-active groups (VM pools,
 * dual switches, dual power feeds) and active-passive groups with failover (database replicas,
 * VM HA, disaster-recovery application pairs in another site). Processes and services carry a
 * tier, rto/mtpd and impact; applications and below carry restart times.
 *
 * The file goes to bench/data/ (gitignored) and is reused while the parameters and the generator
 * version are the same: `ensureLayered()` is what the bench modules call.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Bump when the output changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;

const here = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(here, "data");

/** Layers, top to bottom, with their share of the non-site components. */
export const LAYERS = [
  { key: "process", prefix: "proc", kind: "process", share: 0.05 },
  { key: "service", prefix: "svc", kind: "business-service", share: 0.05 },
  { key: "application", prefix: "app", kind: "application", share: 0.15 },
  { key: "database", prefix: "db", kind: "database", share: 0.1 },
  { key: "vm", prefix: "vm", kind: "infrastructure", share: 0.3 },
  { key: "host", prefix: "host", kind: "infrastructure", share: 0.2 },
  { key: "network", prefix: "net", kind: "network", share: 0.05 },
  { key: "rack", prefix: "rack", kind: "infrastructure", share: 0.07 },
  { key: "power", prefix: "pwr", kind: "power", share: 0.03 },
  { key: "site", prefix: "site", kind: "site", share: 0 },
];
const L = Object.fromEntries(LAYERS.map((l, i) => [l.key, i]));

/** Probability that a dependency other than `site:` leaves its site (tuned so ~90% stay inside). */
const CROSS_SITE = 0.118;

export function layeredPath({ components = 1_000_000, sites = 100, seed = 1 } = {}) {
  return join(DATA_DIR, `layered-v${GENERATOR_VERSION}-c${components}-s${sites}-seed${seed}.json`);
}

/** Path of the model for these parameters, generating it first if it is not cached. */
export function ensureLayered(params = {}, { force = false, log = () => {} } = {}) {
  const path = params.out ?? layeredPath(params);
  mkdirSync(dirname(path), { recursive: true });
  if (!force && existsSync(path) && existsSync(path + ".meta.json")) {
    return { path, meta: JSON.parse(readFileSync(path + ".meta.json", "utf8")), cached: true };
  }
  const t0 = performance.now();
  const meta = generateLayered(path, params);
  meta.generateMs = Math.round(performance.now() - t0);
  writeFileSync(path + ".meta.json", JSON.stringify(meta, null, 2) + "\n");
  log(`generated ${path} (${meta.components} components, ${meta.dependencies} dependencies, ${(meta.bytes / 1e6).toFixed(0)} MB) in ${meta.generateMs} ms`);
  return { path, meta, cached: false };
}

/** mulberry32: small, fast, good enough for test data, and the same everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateLayered(path, { components = 1_000_000, sites = 100, seed = 1 } = {}) {
  if (!Number.isInteger(components) || !Number.isInteger(sites) || sites < 1 || components < sites * 10) {
    throw new Error(`need whole numbers and at least 10 components per site (got ${components} components, ${sites} sites)`);
  }
  const random = rng(seed * 2654435761 + components);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pickOne = (list) => list[Math.floor(random() * list.length)];

  // layer sizes: shares of (components - sites), the remainder to the VMs; sites exactly `sites`
  const rest = components - sites;
  const size = LAYERS.map((l) => Math.max(sites, Math.floor(rest * l.share)));
  size[L.site] = sites;
  size[L.vm] += components - size.reduce((a, b) => a + b, 0);
  if (size[L.vm] < sites) throw new Error("too few components for these sites");

  // component k of a layer lives in site floor(k * sites / size); ids name layer, site and number
  const pad = String(sites - 1).length;
  const siteName = (s) => String(s).padStart(pad, "0");
  const id = (layer, k) => {
    if (layer === L.site) return `site-${siteName(k)}`;
    const s = Math.floor((k * sites) / size[layer]);
    return `${LAYERS[layer].prefix}-${siteName(s)}-${k}`;
  };
  const siteOf = (layer, k) => Math.floor((k * sites) / size[layer]);
  const firstIn = (layer, s) => Math.ceil((s * size[layer]) / sites);

  let deps = 0;
  let inside = 0;
  /** a component of `layer` in site `s`, or (with CROSS_SITE chance, or `cross`) in another site */
  const pick = (layer, s, cross = random() < CROSS_SITE) => {
    let site = s;
    if (cross && sites > 1) {
      site = int(0, sites - 2);
      if (site >= s) site++;
    }
    const lo = firstIn(layer, site);
    const hi = firstIn(layer, site + 1) - 1;
    deps++;
    if (site === s) inside++;
    return id(layer, int(lo, hi));
  };
  /** n distinct components of `layer` for one group */
  const distinct = (layer, s, n, crossFirst = false) => {
    const out = [];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const m = pick(layer, s, crossFirst && out.length === 1 ? true : undefined);
      if (out.includes(m)) {
        deps--;
        if (siteOfId(m) === s) inside--;
        continue;
      }
      out.push(m);
    }
    return out;
  };
  const hard = (layer, s, n) => {
    const out = [];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const m = pick(layer, s);
      if (out.includes(m)) {
        deps--;
        if (siteOfId(m) === s) inside--;
        continue;
      }
      out.push(m);
    }
    return out;
  };
  const siteOfId = (m) => Number(m.split("-")[1]);
  const dur = (minutes) => (minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);

  const fd = openSync(path + ".tmp", "w");
  let buffer = "";
  let bytes = 0;
  const write = (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      bytes += writeSync(fd, buffer);
      buffer = "";
    }
  };
  write(`{"continuum":1,"organization":"Layered Benchmark Corp","currency":"KRW","components":[`);
  let first = true;
  let groupsAA = 0;
  let groupsAP = 0;
  let tiered = 0;
  for (let layer = 0; layer < LAYERS.length; layer++) {
    for (let k = 0; k < size[layer]; k++) {
      const s = siteOf(layer, k);
      const c = { id: id(layer, k), kind: LAYERS[layer].kind };
      const dependsOn = [];
      const aa = (members, need = 1) => {
        groupsAA++;
        const g = { group: `g${dependsOn.length}`, members };
        if (need !== 1) g.need = need;
        dependsOn.push(g);
      };
      const ap = (members, failover) => {
        groupsAP++;
        dependsOn.push({ group: `g${dependsOn.length}`, members, mode: "active-passive", failover: dur(failover) });
      };
      switch (layer) {
        case L.process: {
          c.name = `Business process ${k}`;
          c.tier = int(1, 3);
          c.rto = dur(pickOne([60, 120, 240]));
          c.mtpd = dur(pickOne([480, 1440]));
          c.impact = [{ from: 0, perHour: int(1, 50) * 100000 }, { from: "4h", perHour: int(50, 200) * 100000 }, { from: "2h", once: int(1, 10) * 1000000 }];
          dependsOn.push(...hard(L.service, s, int(3, 6)));
          aa(distinct(L.service, s, 2));
          break;
        }
        case L.service: {
          c.name = `Service ${k}`;
          c.tier = int(1, 3);
          c.rto = dur(pickOne([30, 60, 120]));
          c.mtpd = dur(pickOne([240, 480]));
          c.rpo = "5m";
          c.impact = [{ from: 0, perHour: int(1, 20) * 100000 }];
          dependsOn.push(...hard(L.application, s, int(3, 5)));
          if (random() < 0.5) ap(distinct(L.application, s, 2, true), pickOne([0, 15, 30, 60]));
          else aa(distinct(L.application, s, 2));
          break;
        }
        case L.application:
          c.site = id(L.site, s);
          c.restart = dur(int(1, 3) * 5);
          dependsOn.push(...hard(L.database, s, int(1, 3)));
          dependsOn.push(...hard(L.network, s, 1));
          if (random() < 0.5) aa(distinct(L.vm, s, 3), 2);
          else aa(distinct(L.vm, s, 2));
          break;
        case L.database:
          c.site = id(L.site, s);
          c.restart = dur(int(1, 3) * 10);
          ap(distinct(L.vm, s, random() < 0.3 ? 3 : 2), pickOne([5, 10, 30]));
          dependsOn.push(...hard(L.network, s, 1));
          break;
        case L.vm:
          c.site = id(L.site, s);
          c.restart = dur(int(2, 5));
          if (random() < 0.6) ap(distinct(L.host, s, 2), 5);
          else dependsOn.push(...hard(L.host, s, 1));
          aa(distinct(L.network, s, random() < 0.5 ? 3 : 2));
          break;
        case L.host:
          c.site = id(L.site, s);
          c.restart = dur(int(5, 10));
          dependsOn.push(...hard(L.rack, s, 1));
          dependsOn.push(...hard(L.network, s, 1));
          aa(distinct(L.power, s, 2));
          break;
        case L.network:
          c.site = id(L.site, s);
          c.restart = dur(int(1, 3));
          dependsOn.push(...hard(L.rack, s, 1));
          aa(distinct(L.power, s, 2));
          break;
        case L.rack:
          c.site = id(L.site, s);
          aa(distinct(L.power, s, 2));
          break;
        case L.power:
          c.site = id(L.site, s);
          break;
        case L.site:
          break;
      }
      if (c.site) {
        deps++;
        inside++;
      }
      if (c.tier) tiered++;
      if (dependsOn.length) c.dependsOn = dependsOn;
      write((first ? "\n" : ",\n") + JSON.stringify(c));
      first = false;
    }
  }
  write("\n]}\n");
  bytes += writeSync(fd, buffer);
  closeSync(fd);
  renameSync(path + ".tmp", path);
  return {
    generator: GENERATOR_VERSION,
    seed,
    components,
    sites,
    layers: Object.fromEntries(LAYERS.map((l, i) => [l.key, size[i]])),
    dependencies: deps,
    dependenciesPerComponent: +(deps / components).toFixed(2),
    insideSiteShare: +(inside / deps).toFixed(3),
    groups: { activeActive: groupsAA, activePassive: groupsAP },
    tiered,
    bytes,
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--components" || a === "-n") out.components = Number(value().replace(/_/g, ""));
    else if (a === "--sites") out.sites = Number(value());
    else if (a === "--seed") out.seed = Number(value());
    else if (a === "--out") out.out = resolve(value());
    else if (a === "--force") out.force = true;
    else if (a === "--help" || a === "-h") out.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log("usage: node bench/generate-layered.mjs [--components 1000000] [--sites 100] [--seed 1] [--out FILE] [--force]");
      process.exit(0);
    }
    mkdirSync(args.out ? dirname(args.out) : DATA_DIR, { recursive: true });
    const { force, ...params } = args;
    const { path, meta, cached } = ensureLayered(params, { force, log: (m) => console.error(m) });
    if (cached) console.error(`cached: ${path}`);
    console.log(JSON.stringify({ path, ...meta }, null, 2));
  } catch (e) {
    console.error(`generate-layered: ${e.message}`);
    process.exit(1);
  }
}
