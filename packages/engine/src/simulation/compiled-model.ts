/**
 * Transitional, to be deleted when the schema-driven reader lands: the model readers
 * (model/read-model.ts, model/read-model-json.ts, owned by that work) still import the reader's
 * layout from this old address. The code lives in model/layout.ts; the layer check lists these two
 * imports as its only pending exceptions and fails once they are gone, so this file goes with them.
 */
export { attachLayout, MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE, MODE_MANUAL, type Prelayout } from "../model/layout.js";
