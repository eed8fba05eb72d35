import { describe, expect, it } from "vitest";
import { messageValues, renderMessage } from "./crisis-messages.js";

const template = {
  subject: { ko: "{{services}} 장애 안내 ({{incident}})", en: "{{services}} outage ({{incident}})" },
  body: { ko: "{{since}}부터 {{services}} 이용이 어렵습니다. 예상 복구: {{recovery}}. 원인: {{cause}}. 문의: {{contact}}", en: "Since {{since}}, {{services}} is down. Expected back: {{recovery}}. Cause: {{cause}}. Contact: {{contact}}" },
};
const clock = {
  services: [
    { id: "kakaotalk-text", name: "카카오톡 텍스트 메시지", tier: 1, state: "down" as const, downAt: "2022-10-15T06:33:00.000Z", upAt: "2022-10-15T16:31:00.000Z" },
    { id: "kakao-map", name: "카카오맵", tier: 2, state: "down" as const, downAt: "2022-10-15T06:40:00.000Z", upAt: null },
    { id: "later", name: "later", tier: 1, state: "will-go-down" as const, downAt: "2022-10-16T00:00:00.000Z", upAt: null },
  ],
} as never;

describe("crisis messages", () => {
  it("fills the template from the incident and the business clock, in Korean time", () => {
    const values = messageValues({ number: 7, title: "판교 화재", cause: "데이터센터 화재", contact: "1577-3754" }, clock, "ko");
    const m = renderMessage(template, "ko", values);
    expect(m.subject).toBe("카카오톡 텍스트 메시지, 카카오맵 장애 안내 (#7)");
    expect(m.body).toContain("2022. 10. 15. 15:33 KST부터");
    // one service has no projected recovery: the message says so rather than inventing a time
    expect(m.body).toContain("예상 복구: 복구 시점 미정");
    expect(m.body).not.toContain("later");
    expect(m.missing).toEqual([]);
  });

  it("reports variables without a value and names that are no variable, and never drops them silently", () => {
    const m = renderMessage({ subject: { en: "{{services}}" }, body: { en: "{{cause}} {{cuase}}" } }, "en", { services: "Map" });
    expect(m.missing).toEqual(["cause"]);
    expect(m.unknown).toEqual(["cuase"]);
    expect(m.body).toBe("{{cause}} {{cuase}}");
  });

  it("falls back to the other language when one is not written", () => {
    expect(renderMessage({ subject: { ko: "안내" }, body: { ko: "본문" } }, "en", {}).subject).toBe("안내");
  });

  it("marks every message of a drill as an exercise, in subject and body, in both languages", () => {
    const ko = renderMessage(template, "ko", { services: "맵" }, { exercise: true });
    const en = renderMessage(template, "en", { services: "Map" }, { exercise: true });
    expect(ko.subject.startsWith("[훈련] ")).toBe(true);
    expect(ko.body.split("\n")[0]).toContain("훈련");
    expect(en.subject.startsWith("[EXERCISE] ")).toBe(true);
    expect(en.exercise).toBe(true);
  });
});
