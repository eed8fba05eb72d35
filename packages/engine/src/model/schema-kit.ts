/**
 * The kit the model format is declared with (model/schema.ts): a small vocabulary of value kinds
 * (text, id, reference, duration, money, list, mapping …), each carrying its documentation, default
 * and hint. From one declaration come the TypeScript type of what a file may hold (`Infer`), the
 * published JSON Schema (`jsonSchemaOf`), the keys and typo candidates the readers use (`keysOf`)
 * and the cross-field rules they apply (`rulesOf`). Kept free of any section's knowledge.
 */

/** What every declared value may say about itself. */
export interface About {
  /** what it means, for a person (the JSON Schema's description: editors show it on hover) */
  doc?: string;
  /** the value taken when it is absent */
  default?: unknown;
  examples?: readonly unknown[];
}

export interface TextNode extends About { kind: "text"; number?: boolean; pattern?: string }
export interface IdNode extends About { kind: "id" }
/** An id of something else in the model: the readers check it names one. */
export interface RefNode extends About { kind: "ref"; to: string }
export interface DurationNode extends About { kind: "duration"; positive?: boolean; also?: readonly string[] }
export interface IntegerNode extends About { kind: "integer"; min?: number }
export interface NumberNode extends About { kind: "number"; min?: number; money?: boolean }
export interface BooleanNode extends About { kind: "boolean" }
export interface DateNode extends About { kind: "date" }
/** One of known words; `open`: other words are accepted too (with a warning where one looks like a typo). */
export interface EnumNode<V extends string = string> extends About { kind: "enum"; values: readonly V[]; open?: boolean }
export interface ConstNode<V = unknown> extends About { kind: "const"; values: readonly V[] }
/** A list; `single`: one item may be written without the brackets. */
export interface ListNode<I extends Node = Node> extends About { kind: "list"; of: I; single?: boolean; min?: number; unique?: boolean }
export interface MapNode<I extends Node = Node> extends About { kind: "map"; of: I; keys?: string }
export interface UnionNode<U extends Node = Node> extends About { kind: "union"; of: readonly U[] }
export interface AnyNode extends About { kind: "any" }

/** A rule between fields of one mapping (such as rto ≤ mtpd), checked by the readers on the values they made. */
export interface Rule<T = never> {
  code: string;
  doc: string;
  /** the field the message points at */
  field: string;
  holds(value: T): boolean;
  message(raw: Record<string, unknown>): string;
  /** the values the message names (for translations) */
  params?(raw: Record<string, unknown>): Record<string, string | number>;
  hint?: string;
}

export interface ObjectNode<F extends Record<string, Node> = Record<string, Node>, R extends string = string> extends About {
  kind: "object";
  /** its name in the JSON Schema's definitions (and in messages about the kit) */
  name: string;
  fields: F;
  required?: readonly R[];
  /** any key is kept as written (a section later issues will define) */
  open?: boolean;
  rules?: readonly Rule<any>[];
}

export type Node =
  | TextNode | IdNode | RefNode | DurationNode | IntegerNode | NumberNode | BooleanNode | DateNode
  | EnumNode | ConstNode | ListNode<any> | MapNode<any> | UnionNode<any> | AnyNode | ObjectNode<any, any>;

// ---- building declarations ----------------------------------------------------------------------

export const text = (about: About & { pattern?: string } = {}): TextNode => ({ kind: "text", ...about });
/** Text, where a number is taken as its text (`name: 42`). */
export const textOrNumber = (about: About = {}): TextNode & { number: true } => ({ kind: "text", number: true, ...about });
export const id = (about: About = {}): IdNode => ({ kind: "id", ...about });
export const ref = (to: string, about: About = {}): RefNode => ({ kind: "ref", to, ...about });
export const duration = (about: About & { positive?: boolean; also?: readonly string[] } = {}): DurationNode => ({ kind: "duration", ...about });
export const integer = (about: About & { min?: number } = {}): IntegerNode => ({ kind: "integer", ...about });
export const number = (about: About & { min?: number; money?: boolean } = {}): NumberNode => ({ kind: "number", ...about });
export const money = (about: About = {}): NumberNode => ({ kind: "number", min: 0, money: true, ...about });
export const boolean = (about: About = {}): BooleanNode => ({ kind: "boolean", ...about });
export const date = (about: About = {}): DateNode => ({ kind: "date", ...about });
export const oneOfWords = <const V extends string>(values: readonly V[], about: About = {}): EnumNode<V> => ({ kind: "enum", values, ...about });
/** Known words offered, any other word accepted too. */
export const openWords = <const V extends string>(values: readonly V[], about: About = {}): EnumNode<V> & { open: true } => ({ kind: "enum", values, open: true, ...about });
export const constant = <const V>(values: readonly V[], about: About = {}): ConstNode<V> => ({ kind: "const", values, ...about });
export const list = <I extends Node>(of: I, about: About & { min?: number; unique?: boolean } = {}): ListNode<I> => ({ kind: "list", of, ...about });
/** A list, where one item may be written without the brackets. */
export const oneOrList = <I extends Node>(of: I, about: About & { min?: number; unique?: boolean } = {}): ListNode<I> & { single: true } => ({ kind: "list", of, single: true, ...about });
export const map = <I extends Node>(of: I, about: About & { keys?: string } = {}): MapNode<I> => ({ kind: "map", of, ...about });
export const union = <const U extends readonly Node[]>(of: U, about: About = {}): UnionNode<U[number]> => ({ kind: "union", of, ...about });
export const any = (about: About = {}): AnyNode => ({ kind: "any", ...about });
// Two signatures: without `required`, no key is required (a single generic one would infer `any`
// for the required keys of a mapping declared inside another one's fields).
export function object<const F extends Record<string, Node>>(name: string, fields: F, more?: About & { rules?: readonly Rule<any>[] }): ObjectNode<F, never>;
export function object<const F extends Record<string, Node>, const R extends keyof F & string>(name: string, fields: F, more: About & { required: readonly R[]; rules?: readonly Rule<any>[] }): ObjectNode<F, R>;
export function object(name: string, fields: Record<string, Node>, more: About & { required?: readonly string[]; rules?: readonly Rule<any>[] } = {}): ObjectNode<any, any> {
  return { kind: "object", name, fields, ...more };
}
/** A mapping of any keys, kept as written (a section a later issue will declare). */
export const openObject = (name: string, about: About = {}): ObjectNode<{}, never> & { open: true } => ({ kind: "object", name, fields: {}, open: true, ...about });

// ---- the TypeScript type of a declaration ---------------------------------------------------------

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Extension fields (`x-…`), accepted in every mapping, as in OpenAPI. */
export type Extensions = { [key: `x-${string}`]: unknown };

type ObjectOf<F, R> = Simplify<
  { -readonly [K in keyof F as K extends R ? K : never]: Infer<F[K]> } & { -readonly [K in keyof F as K extends R ? never : K]?: Infer<F[K]> | null }
> &
  Extensions;

/** What a file may hold where `N` is declared (before defaults are filled in). */
export type Infer<N> = N extends TextNode
  ? N extends { number: true } ? string | number : string
  : N extends IdNode | RefNode | DateNode
    ? string
    : N extends DurationNode
      ? number | string
      : N extends IntegerNode | NumberNode
        ? number
        : N extends BooleanNode
          ? boolean
          : N extends EnumNode<infer V>
            ? N extends { open: true } ? V | (string & {}) : V
            : N extends ConstNode<infer V>
              ? V
              : N extends ListNode<infer I>
                ? N extends { single: true } ? Infer<I> | Array<Infer<I>> : Array<Infer<I>>
                : N extends MapNode<infer I>
                  ? { [key: string]: Infer<I> }
                  : N extends UnionNode<infer U>
                    ? Infer<U>
                    : N extends ObjectNode<infer F, infer R>
                      ? N extends { open: true } ? { [key: string]: unknown } : ObjectOf<F, R>
                      : unknown;

// ---- what the readers take from a declaration -------------------------------------------------------

/** The keys of a mapping, in the declared order (the readers' typo candidates and "known keys" hints). */
export function keysOf(node: ObjectNode<any, any>): string[] {
  return Object.keys(node.fields);
}

/** The field declarations of a mapping. */
export function fieldOf(node: ObjectNode<any, any>, key: string): Node | undefined {
  return Object.prototype.hasOwnProperty.call(node.fields, key) ? (node.fields as Record<string, Node>)[key] : undefined;
}

/** The cross-field rules of a mapping, typed for the value the reader made of it. */
export function rulesOf<T>(node: ObjectNode<any, any>): ReadonlyArray<Rule<T>> {
  return (node.rules ?? []) as ReadonlyArray<Rule<T>>;
}

// ---- the JSON Schema of a declaration ----------------------------------------------------------------

export type JsonSchema = { [key: string]: unknown };

/** A duration as text: a number with one unit, 0, or ISO 8601 (what parseDuration reads). */
export const DURATION_TEXT = "^\\s*(0|(\\d+(\\.\\d+)?|\\.\\d+)\\s*[mhdw]|[Pp](\\d+([.,]\\d+)?[Ww])?(\\d+([.,]\\d+)?[Dd])?([Tt](\\d+([.,]\\d+)?[Hh])?(\\d+([.,]\\d+)?[Mm])?(\\d+([.,]\\d+)?[Ss])?)?)\\s*$";
export const ID_TEXT = "^[a-z0-9][a-z0-9._-]*$";

/**
 * The JSON Schema (draft-07) of a declaration. Named mappings go to `definitions` and are referred
 * to with `$ref` (inline: every mapping written out in place, as OpenAPI bodies want them).
 */
export function jsonSchemaOf(node: Node, definitions?: Record<string, JsonSchema>): JsonSchema {
  const about = (n: About, s: JsonSchema): JsonSchema => {
    if (n.doc) s.description = n.doc;
    if (n.default !== undefined) s.default = n.default;
    if (n.examples) s.examples = [...n.examples];
    return s;
  };
  switch (node.kind) {
    case "text":
      return about(node, node.number ? { anyOf: [{ type: "string" }, { type: "number" }] } : node.pattern ? { type: "string", pattern: node.pattern } : { type: "string" });
    case "id":
      return about(node, { type: "string", pattern: ID_TEXT });
    case "ref":
      return about(node, { type: "string", description: `the id of a ${node.to}` });
    case "duration": {
      const words = node.also?.length ? [{ enum: [...node.also] }] : [];
      return about(node, { anyOf: [{ type: "number", minimum: 0, ...(node.positive ? { exclusiveMinimum: 0 } : {}) }, { type: "string", pattern: DURATION_TEXT }, ...words] });
    }
    case "integer":
      return about(node, node.min === undefined ? { type: "integer" } : { type: "integer", minimum: node.min });
    case "number":
      return about(node, node.min === undefined ? { type: "number" } : { type: "number", minimum: node.min });
    case "boolean":
      return about(node, { type: "boolean" });
    case "date":
      return about(node, { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
    case "enum":
      // an open list of words: every known one offered for completion, any other text accepted
      return about(node, node.open ? { anyOf: [{ enum: [...node.values] }, { type: "string" }] } : { enum: [...node.values] });
    case "const":
      return about(node, { enum: [...node.values] });
    case "list": {
      const item = jsonSchemaOf(node.of, definitions);
      const array: JsonSchema = { type: "array", items: item };
      if (node.min) array.minItems = node.min;
      if (node.unique) array.uniqueItems = true;
      return about(node, node.single ? { anyOf: [item, array] } : array);
    }
    case "map":
      return about(node, { type: "object", additionalProperties: jsonSchemaOf(node.of, definitions), ...(node.keys ? { propertyNames: { pattern: node.keys } } : {}) });
    case "union":
      return about(node, { anyOf: node.of.map((n: Node) => jsonSchemaOf(n, definitions)) });
    case "any":
      return about(node, {});
    case "object": {
      if (definitions && definitions[node.name]) return { $ref: `#/definitions/${node.name}` };
      const s: JsonSchema = { type: "object" };
      if (definitions) definitions[node.name] = s; // placed first: a mapping may (one day) hold itself
      about(node, s);
      if (!node.open) {
        const properties: Record<string, JsonSchema> = {};
        for (const [key, field] of Object.entries(node.fields as Record<string, Node>)) properties[key] = jsonSchemaOf(field, definitions);
        s.properties = properties;
        if (node.required?.length) s.required = [...node.required];
        s.patternProperties = { "^x-": {} };
        s.additionalProperties = false;
        if (node.rules?.length) s.description = [s.description, ...node.rules.map((r: Rule<any>) => `Rule (${r.code}): ${r.doc}`)].filter(Boolean).join("\n");
      }
      return definitions ? { $ref: `#/definitions/${node.name}` } : s;
    }
  }
}
