/**
 * The component edit form's state (strings as typed) and its way back to the file format. Going
 * back starts from the component as written, so a save changes only what the person changed: the
 * keys the form does not show (notes, labels, …) and the order of keys and dependencies survive.
 */
import { cleanComponent, isGroup, type FileComponent, type FileGroup, type FileImpact } from "../../model/model";

export interface Draft {
  id: string;
  name: string;
  kind: string;
  site: string;
  owner: string;
  description: string;
  tier: string;
  rto: string;
  rpo: string;
  mtpd: string;
  restart: string;
  standby: boolean;
  mbco: string;
  tags: string;
  hard: string[];
  groups: Array<{ group: string; members: string; need: string; mode: "active-active" | "active-passive"; failover: string; orig?: FileGroup }>;
  /** `orig` keeps what the form does not show (a note, …) so a save never drops it */
  impact: Array<{ from: string; category: string; perHour: string; once: string; orig?: FileImpact }>;
}

const dur = (v: unknown) => (v === undefined || v === null ? "" : String(v));

export function toDraft(c: FileComponent): Draft {
  return {
    id: c.id ?? "",
    name: c.name ?? "",
    kind: c.kind ?? "",
    site: c.site ?? "",
    owner: c.owner ?? "",
    description: c.description ?? "",
    tier: c.tier ? String(c.tier) : "",
    rto: dur(c.rto),
    rpo: dur(c.rpo),
    mtpd: dur(c.mtpd),
    restart: dur(c.restart),
    standby: !!c.standby,
    mbco: c.mbco ?? "",
    tags: (c.tags ?? []).join(", "),
    hard: (c.dependsOn ?? []).filter((d): d is string => typeof d === "string"),
    groups: (c.dependsOn ?? []).filter(isGroup).map((g) => ({
      group: g.group ?? "",
      members: g.members.join(", "),
      need: g.need !== undefined ? String(g.need) : "",
      mode: g.mode ?? "active-active",
      failover: dur(g.failover),
      orig: g,
    })),
    impact: (c.impact ?? []).map((e) => ({ from: dur(e.from), category: e.category ?? "", perHour: e.perHour !== undefined ? String(e.perHour) : "", once: e.once !== undefined ? String(e.once) : "", orig: e })),
  };
}

/** "90" stays minutes (a number), "1.5h" stays as written: the file format reads both. */
function durationValue(text: string): string | number | undefined {
  const s = text.trim();
  if (!s) return undefined;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

function numberValue(text: string): number | string | undefined {
  const s = text.trim().replace(/,/g, "");
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s; // let the validator name the bad value
}

export function fromDraft(d: Draft, original: FileComponent): FileComponent {
  const split = (s: string) => s.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);
  // start from the entry as written, so the keys the form does not show (a note, …) and the
  // order of keys survive a save: the revision then shows only what the person changed
  const groups: FileGroup[] = d.groups.map((g) => {
    const out: FileGroup = { ...(g.orig ?? {}), members: split(g.members) } as FileGroup;
    const set = <K extends keyof FileGroup>(k: K, v: FileGroup[K] | undefined) => {
      if (v === undefined) delete out[k];
      else out[k] = v;
    };
    set("group", g.group.trim() || undefined);
    set("need", g.need.trim() ? (numberValue(g.need) as number) : undefined);
    if (g.mode === "active-passive") {
      set("mode", "active-passive");
      set("failover", g.failover.trim() ? (g.failover.trim() === "manual" ? "manual" : (durationValue(g.failover) as string)) : undefined);
    } else {
      set("mode", g.orig?.mode === "active-active" ? "active-active" : undefined);
      set("failover", undefined);
    }
    return out;
  });
  const impact: FileImpact[] = d.impact
    .filter((e) => e.from.trim() || e.perHour.trim() || e.once.trim())
    .map((e) => {
      const out: FileImpact = { ...(e.orig ?? {}), from: durationValue(e.from) ?? 0 } as FileImpact;
      const set = <K extends keyof FileImpact>(k: K, v: FileImpact[K] | undefined) => {
        if (v === undefined) delete out[k];
        else out[k] = v;
      };
      set("perHour", e.perHour.trim() ? (numberValue(e.perHour) as number) : undefined);
      set("once", e.once.trim() ? (numberValue(e.once) as number) : undefined);
      set("category", e.category || undefined);
      return out;
    });
  return cleanComponent({
    ...original,
    id: d.id.trim(),
    name: d.name.trim() || undefined,
    kind: d.kind.trim() || undefined,
    site: d.site.trim() || undefined,
    owner: d.owner.trim() || undefined,
    description: d.description.trim() || undefined,
    tier: d.tier ? Number(d.tier) : undefined,
    rto: durationValue(d.rto),
    rpo: durationValue(d.rpo),
    mtpd: durationValue(d.mtpd),
    restart: durationValue(d.restart),
    standby: d.standby ? true : original.standby === false ? false : undefined,
    mbco: d.mbco.trim() || undefined,
    tags: split(d.tags),
    dependsOn: interleave(original.dependsOn ?? [], d.hard.map((h) => h.trim()).filter(Boolean), groups),
    impact,
  });
}

/** Hard dependencies and groups back in the order they were written (new ones at the end). */
function interleave(original: ReadonlyArray<string | FileGroup>, hard: string[], groups: FileGroup[]): Array<string | FileGroup> {
  const out: Array<string | FileGroup> = [];
  let h = 0;
  let g = 0;
  for (const d of original) {
    if (typeof d === "string") {
      if (h < hard.length) out.push(hard[h++]);
    } else if (g < groups.length) out.push(groups[g++]);
  }
  return [...out, ...hard.slice(h), ...groups.slice(g)];
}

