/**
 * The forward layout a reader may make while it reads (the JSON fast path knows every reference as
 * a number already), handed to compileModel once. It lives in the model layer because readers make
 * it: the compile layer takes it, never the other way round.
 */
import type { Component, Model } from "./types.js";

/** Group modes as the compiled model stores them (`groupMode`). */
export const MODE_ACTIVE_ACTIVE = 0;
export const MODE_ACTIVE_PASSIVE = 1;
export const MODE_MANUAL = 2;

/**
 * What each component needs, forward; compileModel takes it for the model it was made for, after
 * checking that the components still have that shape.
 */
export interface Prelayout {
  components: readonly Component[];
  /** 1 where the component has `site:` (its site is then its first hard target) */
  hasSite: Uint8Array;
  hardStart: Int32Array;
  hardTarget: Int32Array;
  groupStart: Int32Array;
  groupOwner: Int32Array;
  groupMode: Uint8Array;
  groupNeed: Int32Array;
  groupFailover: Float64Array;
  groupName: Array<string | undefined>;
  memberStart: Int32Array;
  memberTarget: Int32Array;
}

const prelaid = new WeakMap<Model, Prelayout>();

/** Hands compileModel a layout made while reading `model` (used once). */
export function attachLayout(model: Model, layout: Prelayout): void {
  prelaid.set(model, layout);
}

/** The layout made for `model`, if any, forgotten once taken. */
export function takeLayout(model: Model): Prelayout | undefined {
  const pre = prelaid.get(model);
  if (pre) prelaid.delete(model);
  return pre;
}
