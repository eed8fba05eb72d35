/** TypeBox schemas shared by the routes: what the API accepts and answers, also its OpenAPI document. */
import { Type, type TSchema } from "@sinclair/typebox";
import { sectionSchemas, type JsonSchema } from "@continuum/engine";
import { ROLES, TOKEN_SCOPES, type Role, type TokenScope } from "./access.js";
import type { Doc } from "../model/model-document.js";

export const ProblemFieldSchema = Type.Object(
  {
    field: Type.Optional(Type.String({ description: "the field that is wrong, e.g. `components[3].rto` or `email`" })),
    message: Type.String(),
    hint: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    severity: Type.Optional(Type.Union([Type.Literal("error"), Type.Literal("warning")])),
    file: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
    component: Type.Optional(Type.String()),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: "the values the message names, for its words in other languages" })),
  },
  { $id: "ProblemField" },
);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "https://continuum.dev/problems/<code>" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Ref("ProblemField"))),
  },
  { $id: "Problem", description: "application/problem+json (RFC 9457)" },
);

/** A message from the engine: errors and warnings about a model or scenario. */
export const DiagnosticSchema = Type.Object(
  {
    severity: Type.Union([Type.Literal("error"), Type.Literal("warning")]),
    code: Type.String(),
    message: Type.String(),
    hint: Type.Optional(Type.String()),
    file: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
    component: Type.Optional(Type.String()),
    field: Type.Optional(Type.String()),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: "the values the message names, for its words in other languages" })),
  },
  { $id: "Diagnostic" },
);

export const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { $id: "Role" },
);
export const ScopeSchema = Type.Union(
  TOKEN_SCOPES.map((s) => Type.Literal(s)),
  { $id: "TokenScope" },
);

export const UserSchema = Type.Object(
  { id: Type.String(), email: Type.String(), name: Type.String(), isAdmin: Type.Boolean({ description: "site administrator: may create organizations" }) },
  { $id: "User" },
);

export const OrganizationSchema = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }, { $id: "Organization" });

const Counts = Type.Object({ added: Type.Integer(), removed: Type.Integer(), changed: Type.Integer() });
export const RevisionSchema = Type.Object(
  {
    number: Type.Integer({ minimum: 1 }),
    kind: Type.String({ description: "import | edit | restore | scenario | demo" }),
    author: Type.Object({
      userId: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      token: Type.Union([Type.String(), Type.Null()], { description: "name of the API token that made the change" }),
    }),
    createdAt: Type.String({ format: "date-time" }),
    comment: Type.String(),
    summary: Type.Object({ components: Counts, plans: Counts, scenarios: Counts, settings: Type.Boolean() }),
    restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: "Revision" },
);

/** A document in the model's file format (JSON), as the person wrote it. */
export const FileDocument = (description: string) => Type.Object({}, { additionalProperties: true, description });

/**
 * The keyword that marks a request body part as one section of the model file. Its grammar is the
 * engine's (`sectionSchemas()`, the same one behind packages/engine/schema/continuum.schema.json):
 * the OpenAPI document shows the engine's schema there (see `withModelSections`), and the engine
 * reads the part, so its messages (field, hint, "did you mean", Korean text) are the ones a client
 * gets, never a second, hand-written copy of the grammar checked by the HTTP layer.
 */
export const SECTION_KEYWORD = "x-continuum-section";
export type ModelSectionName = keyof ReturnType<typeof sectionSchemas>;

/** A part of a request that is one section of the model, as written (e.g. a component, a risk). */
export const ModelSection = (section: ModelSectionName, description: string) =>
  Type.Unsafe<Doc>({ type: "object", additionalProperties: true, description, [SECTION_KEYWORD]: section });

/** OpenAPI schema names of the model's sections: `ModelComponent`, `ModelRisk`, … */
const sectionSchemaName = (section: string) => `Model${section[0].toUpperCase()}${section.slice(1)}`;

/**
 * The OpenAPI document with the engine's section schemas in `components.schemas` and every marked
 * part of a body pointing at its section (`@fastify/swagger`'s `transformObject`).
 */
export function withModelSections<T extends object>(openapi: T): T {
  const sections = sectionSchemas() as Record<string, JsonSchema>;
  const used = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const o = node as Record<string, unknown>;
    const section = o[SECTION_KEYWORD];
    if (typeof section === "string" && sections[section]) {
      used.add(section);
      return { description: o.description, allOf: [{ $ref: `#/components/schemas/${sectionSchemaName(section)}` }] };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, walk(v)]));
  };
  const out = walk(openapi) as T & { components?: { schemas?: Record<string, unknown> } };
  out.components ??= {};
  out.components.schemas ??= {};
  for (const section of [...used].sort()) out.components.schemas[sectionSchemaName(section)] = sections[section];
  return out;
}

export const SHARED_SCHEMAS: TSchema[] = [ProblemFieldSchema, ProblemSchema, DiagnosticSchema, RoleSchema, ScopeSchema, UserSchema, OrganizationSchema, RevisionSchema];

/** References to the shared schemas; the role and scope ones carry their types for the type provider. */
export const Ref = {
  problem: Type.Ref("Problem"),
  diagnostic: Type.Ref("Diagnostic"),
  role: Type.Unsafe<Role>(Type.Ref("Role")),
  scope: Type.Unsafe<TokenScope>(Type.Ref("TokenScope")),
  user: Type.Ref("User"),
  organization: Type.Ref("Organization"),
  revision: Type.Ref("Revision"),
};

export const Slug = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,62}$", description: "organization slug: lowercase letters, digits and -" });
export const OrgParams = Type.Object({ org: Type.String({ maxLength: 63 }) });
export const Comment = Type.String({ maxLength: 2000, description: "why the change was made (document control); a default is written when omitted" });

export const Page = <T extends TSchema>(item: T, extra: Record<string, TSchema> = {}) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: "items matching the filters, over all pages" }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: "pass as `cursor` for the next page; null on the last page" }),
    ...extra,
  });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export const Empty = Type.Null({ description: "no content" });
