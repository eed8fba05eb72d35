import { describe, expect, it } from "vitest";
import { fromDraft, planFieldPath, toDraft } from "./plan-draft";
import type { PlanDoc } from "./plans-api";

const plan: PlanDoc = {
  id: "dc-failover",
  name: "판교 → 가산 전환",
  kind: "disaster-recovery",
  covers: ["kakaotalk-text", "kakao-login"],
  activation: { when: ["pangyo-idc"], after: "30m" },
  purpose: "재개",
  scope: "메시지",
  activationCriteria: "30분 이상",
  roles: { commander: "recovery-lead", deputy: "dba-lead", teams: [{ team: "ops-engineers", role: "배포", alternates: ["dba-team"] }, { team: "dba-team" }] },
  resources: ["gasan-idc", "ops-tools"],
  interdependencies: ["제휴 서비스", "SK C&C"],
  communications: [{ audience: "이용자", channel: "SNS", when: "1시간", by: "ops-engineers" }],
  standDown: "1시간 정상",
  returnToNormal: [{ id: "fail-back", name: "원복", owner: "ops-engineers", duration: "4h" }],
  steps: [
    { id: "deploy", name: "배포", owner: "ops-engineers", duration: "2h", needs: ["ops-tools"], does: { start: ["talk-gasan"] } },
    { id: "switch", owner: "dba-team", after: ["deploy"], duration: "30m", does: { switch: ["talk-db"] } },
  ],
};

describe("a plan as a form", () => {
  it("comes back as written when nothing is changed (fields the form does not show included)", () => {
    expect(fromDraft(toDraft(plan), plan)).toEqual(plan);
  });

  it("keeps what a step does when an earlier step is removed, and drops emptied fields", () => {
    const d = toDraft(plan);
    const next = fromDraft({ ...d, steps: d.steps.slice(1), deputy: "", interdependencies: "하나" }, plan);
    expect(next.steps).toEqual([plan.steps![1]]);
    expect((next.roles as Record<string, unknown>).deputy).toBeUndefined();
    expect(next.interdependencies).toBe("하나");
  });

  it("names the form's field from the server's", () => {
    expect(planFieldPath("plan.roles.teams[0].team")).toBe("roles.teams[0].team");
    expect(planFieldPath("plans[3].steps[1].owner")).toBe("steps[1].owner");
    expect(planFieldPath(undefined)).toBeUndefined();
  });
});
