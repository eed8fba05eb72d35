/**
 * The contact directory over HTTP: read by the roles that reach people in a crisis (admin, editor,
 * responder: `contacts:read`), imported from CSV by editors and admins (`contacts:write`). An import
 * with any problem changes nothing and names each problem's line, column and field.
 */
import { Type, type Static } from "@sinclair/typebox";
import { readContactsCsv } from "@continuum/engine";
import type { FastifyPluginAsync } from "fastify";
import { notFound, Problem } from "../core/problem.js";
import { OrgParams } from "../core/schemas.js";
import { actorFor, orgOf, type Services } from "../core/services.js";
import { DirectoryRepository } from "./directory-repository.js";

const ImportBody = Type.Object({ csv: Type.String({ maxLength: 2_000_000 }) }, { additionalProperties: false });
const PersonParams = Type.Object({ org: Type.String({ maxLength: 63 }), person: Type.String({ maxLength: 200 }) });

export const directoryRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, organizations, models } = services;
  const directory = new DirectoryRepository();
  const tags = ["directory"];

  /** The people of the model: a contact must name one of them. */
  async function people(organizationId: number): Promise<Map<string, string | null>> {
    const cm = (await models.current(organizationId)).loaded?.compiled;
    return new Map((cm?.model.components ?? []).filter((c) => c.kind === "person").map((c) => [c.id, c.name ?? null]));
  }

  app.get("/orgs/:org/directory", { config: { access: { org: "contacts:read" } }, schema: { tags, summary: "People's contact details (only roles that reach people in a crisis see them)", params: OrgParams } }, async (request) => {
    const org = orgOf(request);
    const [contacts, known] = await Promise.all([directory.list(db, org.id), people(org.id)]);
    return {
      total: contacts.length,
      contacts: contacts.map((c) => ({ ...c, inModel: known.has(c.person), modelName: known.get(c.person) ?? null })),
      // people of the model nobody can reach: the gap a call tree would fall into
      unreachable: [...known.keys()].filter((p) => !contacts.some((c) => c.person === p)).sort(),
    };
  });

  app.put<{ Params: Static<typeof OrgParams>; Body: Static<typeof ImportBody> }>(
    "/orgs/:org/directory",
    { config: { access: { org: "contacts:write" } }, schema: { tags, summary: "Replace the directory from CSV (person, name, email, phone, language, workingHours, webhook)", params: OrgParams, body: ImportBody } },
    async (request) => {
      const org = orgOf(request);
      const { contacts, problems } = readContactsCsv(request.body.csv);
      const known = await people(org.id);
      if (known.size) {
        for (const c of contacts) if (c.person && !known.has(c.person)) problems.push({ line: 0, column: 1, field: "person", message: `"${c.person}" is not a person (kind: person) of the model` });
      }
      if (problems.length) {
        throw new Problem(
          400,
          "invalid-contacts",
          "The directory was not imported",
          `${problems.length} problem${problems.length === 1 ? "" : "s"} in the CSV; nothing was changed`,
          problems.map((p) => ({ field: p.line ? `line ${p.line}, column ${p.column}: ${p.field}` : p.field, message: p.message })),
        );
      }
      const actor = await actorFor(request, services);
      await db.transaction(async (tx) => {
        await directory.replace(tx, org.id, contacts, actor.name);
        await organizations.audit(tx, { organizationId: org.id, userId: actor.userId, actor: actor.email ?? actor.name, action: "directory.imported", detail: { contacts: contacts.length }, ip: request.ip });
      });
      return { imported: contacts.length };
    },
  );

  app.delete<{ Params: Static<typeof PersonParams> }>(
    "/orgs/:org/directory/:person",
    { config: { access: { org: "contacts:write" } }, schema: { tags, summary: "Remove a person's contact details", params: PersonParams } },
    async (request, reply) => {
      const org = orgOf(request);
      if (!(await directory.remove(db, org.id, request.params.person))) throw notFound(`contact "${request.params.person}"`, "person");
      return reply.code(204).send();
    },
  );
};
