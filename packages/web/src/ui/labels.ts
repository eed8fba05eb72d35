/** A model value shown by its name: a known kind or impact category translated, anything else as written. */
import { isImpactCategory, isKind } from "../app/enumerations.messages";
import type { MessageKey } from "../app/i18n";

type Translate = (key: MessageKey) => string;

export function kindLabel(t: Translate, kind: string | undefined): string {
  if (!kind) return "—";
  return isKind(kind) ? t(`kind.${kind}`) : kind;
}

export function categoryLabel(t: Translate, category: string): string {
  return isImpactCategory(category) ? t(`category.${category}`) : category;
}
