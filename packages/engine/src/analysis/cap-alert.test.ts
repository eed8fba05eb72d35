import { describe, expect, it } from "vitest";
import { capProblems, capTime, capXml, type CapAlert } from "./cap-alert.js";

const alert = (over: Partial<CapAlert> = {}): CapAlert => ({
  identifier: "continuum-acme-7-1",
  sender: "continuity@acme.example",
  sent: capTime(Date.parse("2022-10-15T06:33:00Z")),
  status: "Actual",
  msgType: "Alert",
  scope: "Public",
  info: [{ language: "ko-KR", category: ["Infra"], event: "서비스 장애", urgency: "Immediate", severity: "Severe", certainty: "Observed", headline: "카카오톡 <장애> & 복구 중", area: [{ areaDesc: "대한민국 전역" }] }],
  ...over,
});

describe("CAP 1.2", () => {
  it("writes the alert in the standard's namespace and element order, escaped", () => {
    const xml = capXml(alert());
    expect(xml).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(xml).toContain("<sent>2022-10-15T15:33:00+09:00</sent>");
    expect(xml).toContain("카카오톡 &lt;장애&gt; &amp; 복구 중");
    const order = ["identifier", "sender", "sent", "status", "msgType", "scope", "info"].map((e) => xml.indexOf(`<${e}>`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const info = ["language", "category", "event", "urgency", "severity", "certainty", "headline", "area"].map((e) => xml.indexOf(`<${e}>`));
    expect(info).toEqual([...info].sort((a, b) => a - b));
    // every element opened is closed
    for (const m of xml.matchAll(/<([a-zA-Z]+)>/g)) expect(xml).toContain(`</${m[1]}>`);
  });

  it("refuses what CAP 1.2 does not allow, naming the element", () => {
    expect(capProblems(alert({ status: "Drill" as never, sent: "2022-10-15T06:33:00.000Z", identifier: "a b" }))).toEqual([
      "identifier: must not contain spaces, commas, < or &",
      'sent: "2022-10-15T06:33:00.000Z" is not a CAP time (YYYY-MM-DDThh:mm:ss+hh:mm)',
      'status: "Drill" is not one of Actual, Exercise, System, Test, Draft',
    ]);
    expect(capProblems(alert({ info: [{ ...alert().info[0], area: [], urgency: "Now" as never }] }))).toEqual([
      'info[0].urgency: "Now" is not one of Immediate, Expected, Future, Past, Unknown',
      "info[0].area: a public warning names its area",
    ]);
    expect(() => capXml(alert({ info: [] }))).toThrow(/info/);
  });

  it("writes a drill as status Exercise", () => {
    expect(capXml(alert({ status: "Exercise" }))).toContain("<status>Exercise</status>");
  });
});
