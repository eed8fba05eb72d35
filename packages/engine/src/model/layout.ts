/**
 * What the model reader hands compileModel besides the model: the index of component ids it built
 * anyway to check every reference, so that compiling a million components does not build the same
 * map of a million ids again. It lives in the model layer because the reader makes it: the compile
 * layer takes it, never the other way round.
 */
import type { Component, Model } from "./types.js";

/** Group modes as the compiled model stores them (`groupMode`). */
export const MODE_ACTIVE_ACTIVE = 0;
export const MODE_ACTIVE_PASSIVE = 1;
export const MODE_MANUAL = 2;

/** Component id → its index in `components`, made for that very list. */
export interface IdIndex {
  components: readonly Component[];
  index: Map<string, number>;
  /**
   * The index of every reference's target, in the order compile lays them out: per component,
   * its `site`, then each dependency (an id, or a group's members in order). Resolved while the
   * reader checks the references, so compiling does not look up five million ids a second time.
   */
  targets: Int32Array;
}

/** What compileModel takes from the reader: the id index and the references' targets. */
export interface ReaderLayout {
  index: Map<string, number>;
  targets: Int32Array;
}

const indexes = new WeakMap<Model, IdIndex>();

/** Hands compileModel the id index made while reading `model` (used once). */
export function attachIdIndex(model: Model, index: IdIndex): void {
  indexes.set(model, index);
}

/**
 * The id index made for `model`, if it still fits its components (the same list, as many ids,
 * spot checks agree), forgotten once taken.
 */
export function takeIdIndex(model: Model): ReaderLayout | undefined {
  const known = indexes.get(model);
  if (!known) return undefined;
  indexes.delete(model);
  const comps = model.components;
  if (known.components !== comps || known.index.size !== comps.length) return undefined;
  for (let i = 0; i < comps.length; i += 1 + (comps.length >> 6)) if (known.index.get(comps[i].id) !== i) return undefined;
  return { index: known.index, targets: known.targets };
}
