import { describe, expect, it } from "vitest";
import { isProblem, PROBLEM_BASE, problemCode } from "./problem.js";

describe("problem bodies", () => {
  it("recognises a problem and refuses what only looks like one", () => {
    expect(isProblem({ type: PROBLEM_BASE + "invalid-model", title: "The model is invalid", status: 422, errors: [{ message: "x" }] })).toBe(true);
    expect(isProblem({ title: "Bad Gateway", status: 502 })).toBe(false); // a proxy's JSON
    expect(isProblem({ type: "about:blank", title: "x", status: "400" })).toBe(false);
    expect(isProblem({ type: "about:blank", title: "x", status: 400, errors: "none" })).toBe(false);
    expect(isProblem("<html>")).toBe(false);
    expect(isProblem(null)).toBe(false);
  });

  it("reads the code from the type, and only from ours", () => {
    expect(problemCode({ type: PROBLEM_BASE + "not-found" })).toBe("not-found");
    expect(problemCode({ type: "about:blank" })).toBeUndefined();
  });
});
