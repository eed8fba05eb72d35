/** English words of the catalog feature. */
export const en = {
  // catalog
  "catalog.title": "Catalog",
  "catalog.subtitle": "Every component of the model: services, processes, applications, sites, suppliers…",
  "catalog.new": "New component",
  "catalog.search": "Search",
  "catalog.searchPlaceholder": "id, name or description",
  "catalog.clear": "Clear filters",
  "catalog.count": "{from}–{to} of {total}",
  "catalog.empty": "No components yet.",
  "catalog.noMatch": "No component matches these filters.",
} as const;
