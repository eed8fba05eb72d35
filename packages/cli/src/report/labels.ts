/** How components, money and moments read in reports. */
import { formatDuration, type Component } from "@continuum/engine";

export function label(c: Component | undefined, id: string): string {
  return c?.name && c.name !== id ? `${c.name} (${id})` : id;
}

export function money(amount: number, currency: string): string {
  const digits = Number.isInteger(amount) || Math.abs(amount) >= 1000 ? 0 : 2;
  return `${amount.toLocaleString("en-US", { maximumFractionDigits: digits })} ${currency}`;
}

/** A moment in the scenario: minutes from its start, as `+10h 10m` (or `0m`). */
export function moment(minutes: number): string {
  return minutes === 0 ? "0m" : `+${formatDuration(minutes)}`;
}

export function isService(c: Component): boolean {
  return c.tier !== undefined || c.kind === "business-service" || c.kind === "process" || c.rto !== undefined || c.mtpd !== undefined;
}

export function tierName(tier: number | undefined): string {
  return tier === undefined ? "No tier" : `Tier ${tier}`;
}
