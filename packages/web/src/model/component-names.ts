/** Components shown by their names, not their ids (an id with no name, or unknown, shows as itself). */
import { useCallback, useMemo } from "react";
import { useOrgModel } from "./orgdata";

export function useComponentName(): (id: string) => string {
  const { model } = useOrgModel();
  const names = useMemo(() => new Map((model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [model]);
  return useCallback((id: string) => names.get(id) ?? id, [names]);
}
