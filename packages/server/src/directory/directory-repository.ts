/**
 * The contact directory: people's contact details as records, one row per person of the model
 * (linked by the person's component id), every query scoped by the organization.
 */
import type { ContactRecord } from "@continuum/engine";
import type { Queryable } from "../storage/database.js";

export interface Contact extends ContactRecord {
  updatedBy: string;
  updatedAt: string;
}

interface ContactRow {
  person: string;
  name: string | null;
  emails: string;
  phones: string;
  languages: string;
  working_hours: string | null;
  webhook: string | null;
  updated_by: string;
  updated_at: Date | string;
}

const contactOf = (r: ContactRow): Contact => ({
  person: r.person,
  name: r.name,
  emails: JSON.parse(r.emails) as string[],
  phones: JSON.parse(r.phones) as string[],
  languages: JSON.parse(r.languages) as string[],
  workingHours: r.working_hours,
  webhook: r.webhook,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export class DirectoryRepository {
  async list(q: Queryable, organizationId: number): Promise<Contact[]> {
    return (await q.query<ContactRow>("select * from contacts where organization_id = $1 order by person", [organizationId])).map(contactOf);
  }

  /** The contacts of these people (the call tree's lookup). */
  async of(q: Queryable, organizationId: number, people: readonly string[]): Promise<Map<string, Contact>> {
    if (!people.length) return new Map();
    const rows = await q.query<ContactRow>("select * from contacts where organization_id = $1 and person = any($2::text[])", [organizationId, [...people]]);
    return new Map(rows.map((r) => [r.person, contactOf(r)]));
  }

  /** Replaces the whole directory (an import), in the caller's transaction. */
  async replace(tx: Queryable, organizationId: number, contacts: readonly ContactRecord[], by: string): Promise<void> {
    await tx.query("delete from contacts where organization_id = $1", [organizationId]);
    for (const c of contacts) {
      await tx.query(
        `insert into contacts (organization_id, person, name, emails, phones, languages, working_hours, webhook, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [organizationId, c.person, c.name, JSON.stringify(c.emails), JSON.stringify(c.phones), JSON.stringify(c.languages), c.workingHours, c.webhook, by],
      );
    }
  }

  async remove(q: Queryable, organizationId: number, person: string): Promise<boolean> {
    return (await q.query("delete from contacts where organization_id = $1 and person = $2 returning person", [organizationId, person])).length > 0;
  }
}
