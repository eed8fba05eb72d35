/**
 * The communication sections of an organization's current model (stakeholder groups, templates,
 * clock rules), and who a group's members are: a person is themself, a team is its members; a
 * person's alternates are the alternates of the teams they belong to.
 */
import { deadlineRules, type DeadlineRule, type MessageTemplateInput, type Model, type StakeholderGroupInput } from "@continuum/engine";

export interface CommunicationModel {
  groups: StakeholderGroupInput[];
  templates: Map<string, MessageTemplateInput>;
  rules: DeadlineRule[];
  model: Model | null;
}

export function communicationOf(model: Model | null | undefined): CommunicationModel {
  const extra = model?.extra ?? {};
  const templates = (extra.templates ?? []) as MessageTemplateInput[];
  return {
    groups: (extra.stakeholders ?? []) as StakeholderGroupInput[],
    templates: new Map(templates.map((t) => [t.id, t])),
    rules: deadlineRules(extra.clocks as never),
    model: model ?? null,
  };
}

/** The people of a group (in order, each once): persons as written, teams by their members. */
export function peopleOf(model: Model | null, group: Pick<StakeholderGroupInput, "members">): Array<{ id: string; name: string }> {
  const byId = new Map((model?.components ?? []).map((c) => [c.id, c]));
  const out = new Map<string, string>();
  for (const id of group.members ?? []) {
    const c = byId.get(id);
    if (!c) continue;
    if (c.kind === "team") for (const m of c.members ?? []) out.set(m.id, byId.get(m.id)?.name ?? m.id);
    else out.set(c.id, c.name ?? c.id);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

/** Who stands in for a person: the alternates of their teams, teams resolved to their members. */
export function alternatesOf(model: Model | null, person: string): Array<{ id: string; name: string }> {
  const teams = (model?.components ?? []).filter((c) => c.kind === "team" && (c.members ?? []).some((m) => m.id === person));
  const alternates = peopleOf(model, { members: teams.flatMap((t) => t.alternates ?? []) });
  return alternates.filter((a) => a.id !== person);
}
