/** Components shown by their names, not their ids (an id with no name, unknown, or outside an organization shows as itself). */
import { useCallback, useMemo } from "react";
import { useOrgModelIfAny } from "./orgdata";

export function useComponentName(): (id: string) => string {
  const model = useOrgModelIfAny()?.model;
  const names = useMemo(() => new Map((model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [model]);
  return useCallback((id: string) => names.get(id) ?? id, [names]);
}
