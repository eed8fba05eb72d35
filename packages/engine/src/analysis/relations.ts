/**
 * Relations in both directions, owned here once (as Backstage's `dependsOn` / `dependencyOf`):
 * what a component needs directly (its site, its dependencies, every member of its groups) and,
 * reversed, what needs it. Structural types, so the file format and the read model both fit.
 */

export interface RelatedComponent {
  id: string;
  site?: string;
  dependsOn?: ReadonlyArray<string | { members: readonly string[] } | null | undefined>;
}

/** What `c` needs directly: site, dependencies, group members; each id once, in written order. */
export function dependenciesOf(c: Omit<RelatedComponent, "id">): string[] {
  const out = new Set<string>();
  if (c.site) out.add(c.site);
  for (const d of c.dependsOn ?? []) {
    if (typeof d === "string") out.add(d);
    else if (d && Array.isArray(d.members)) for (const m of d.members) out.add(m);
  }
  return [...out];
}

/** The reverse: for each id, the components that need it directly, each once, in model order. */
export function dependentsIndex(components: readonly RelatedComponent[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const c of components) {
    for (const target of dependenciesOf(c)) {
      const list = map.get(target);
      if (!list) map.set(target, [c.id]);
      else list.push(c.id);
    }
  }
  return map;
}
