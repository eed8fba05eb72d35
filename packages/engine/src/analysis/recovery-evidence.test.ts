import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCycle } from "./exercise-coverage.js";
import { expiresOn, recoveryProof, type RecoveryEvidence } from "./recovery-evidence.js";

const ev = (over: Partial<RecoveryEvidence>): RecoveryEvidence => ({ service: "shop", measuredOn: "2026-01-10", minutes: 60, shelfLife: "12mo", source: "run 1", ...over });
const shop = [{ id: "shop", rto: 120 }];

describe("evidence that expires", () => {
  it("answers yes, no or unproven from the newest evidence younger than its shelf life", () => {
    expect(recoveryProof(shop, [], "2026-06-01")[0]).toMatchObject({ answer: "unproven", reason: "never-drilled", evidence: null });
    expect(recoveryProof(shop, [ev({})], "2026-06-01")[0]).toMatchObject({ answer: "yes", reason: null, evidence: { expiresOn: "2027-01-10" } });
    expect(recoveryProof(shop, [ev({ minutes: 180 })], "2026-06-01")[0].answer).toBe("no");
    expect(recoveryProof(shop, [ev({ minutes: null })], "2026-06-01")[0].answer).toBe("no");
    // on its expiry day it no longer counts
    expect(recoveryProof(shop, [ev({})], "2027-01-10")[0]).toMatchObject({ answer: "unproven", reason: "expired", evidence: { measuredOn: "2026-01-10" } });
    // a shorter shelf life, set per exercise
    expect(recoveryProof(shop, [ev({ shelfLife: "3mo" })], "2026-06-01")[0].answer).toBe("unproven");
    // the newest valid evidence decides: a failed recent drill is not hidden by an older success
    expect(recoveryProof(shop, [ev({}), ev({ measuredOn: "2026-03-01", minutes: 300, source: "run 2" })], "2026-06-01")[0]).toMatchObject({ answer: "no", evidence: { source: "run 2" } });
    // the same day: the later run decides
    expect(recoveryProof(shop, [ev({ minutes: null, seq: 1 }), ev({ minutes: 30, seq: 2, source: "run 2" })], "2026-06-01")[0]).toMatchObject({ answer: "yes", evidence: { source: "run 2" } });
    // no RTO: any recovery proves it
    expect(recoveryProof([{ id: "shop", rto: null }], [ev({ minutes: 5000 })], "2026-06-01")[0].answer).toBe("yes");
  });

  const day = fc.integer({ min: 0, max: 3650 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
  const evidence = fc.record({
    service: fc.constantFrom("a", "b", "c"),
    measuredOn: day,
    minutes: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    shelfLife: fc.constantFrom("12mo", "6mo", "1y", "30d", "2w"),
    source: fc.constantFrom("r1", "r2", "r3"),
  });
  const targets = [{ id: "a", rto: 60 }, { id: "b", rto: 240 }, { id: "c", rto: null }];

  it("yes only on unexpired evidence within the RTO; unproven exactly when no evidence is valid", () => {
    fc.assert(
      fc.property(fc.array(evidence, { maxLength: 12 }), day, (list, today) => {
        for (const p of recoveryProof(targets, list, today)) {
          const valid = list.filter((e) => e.service === p.service && e.measuredOn <= today && expiresOn(e) > today);
          expect(p.answer === "unproven").toBe(valid.length === 0);
          if (p.answer === "yes") {
            expect(p.evidence!.minutes).not.toBeNull();
            expect(p.rto === null || p.evidence!.minutes! <= p.rto).toBe(true);
            expect(p.evidence!.expiresOn > today).toBe(true);
          }
          if (p.answer !== "unproven") {
            // it rests on the newest valid measurement
            expect(p.evidence!.measuredOn).toBe(valid.map((e) => e.measuredOn).sort().at(-1));
          }
        }
      }),
    );
  });

  it("everything becomes unproven once its shelf life has passed", () => {
    fc.assert(
      fc.property(fc.array(evidence, { maxLength: 12 }), (list) => {
        const later = addCycle("2030-01-02", { count: 13, unit: "mo" });
        expect(recoveryProof(targets, list, later).every((p) => p.answer === "unproven")).toBe(true);
      }),
    );
  });
});
