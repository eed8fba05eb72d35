/**
 * The status page's pure parts: states (the worst source wins, drills and resolved threads never
 * count), who is told, the language asked for, and — whatever a responder types — a page with no
 * markup of theirs and a feed that stays well-formed XML.
 */
import { DOMParser } from "@xmldom/xmldom";
import fc from "fast-check";
import type { BusinessClock } from "@continuum/engine";
import { describe, expect, it } from "vitest";
import { overallState, serviceStatuses, type StatusUpdate } from "./service-states.js";
import { statusFeed } from "./status-feed.js";
import { concerns, type Subscriber } from "./status-notices.js";
import { NOT_XML, statusPageHtml, type PageLinks } from "./status-page-html.js";
import { pickLang } from "./status-text.js";

const services = [
  { id: "login", name: "Login", tier: 1 },
  { id: "pay", name: "Pay", tier: 1 },
  { id: "map", name: "Map", tier: 2 },
];

const clock = (states: Record<string, "down" | "will-go-down" | "recovered">) =>
  ({ services: Object.entries(states).map(([id, state]) => ({ id, state })) }) as unknown as BusinessClock;

let nextId = 1;
function update(u: Partial<StatusUpdate>): StatusUpdate {
  const id = nextId++;
  return { id, thread: id, incidentNumber: null, phase: "investigating", title: { en: "t" }, message: { en: "m" }, services: [], exercise: false, authorName: "Ada", at: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(), ...u };
}

const links: PageLinks = { page: (l) => `/s?lang=${l}`, feed: "/s/feed.atom", fontCss: "/f.css", subscribe: "/s/subscribe", live: null };

describe("service states", () => {
  it("takes the worst of the clock and the open threads; resolved threads and drills do not count", () => {
    const open = update({ services: [{ id: "pay", state: "partial-outage" }] });
    const resolvedFirst = update({ services: [{ id: "map", state: "major-outage" }] });
    const resolved = update({ thread: resolvedFirst.thread, phase: "resolved" });
    const drill = update({ exercise: true, services: [{ id: "map", state: "major-outage" }] });
    const declaredLess = update({ services: [{ id: "login", state: "degraded" }] });
    const statuses = serviceStatuses(services, [clock({ login: "down", map: "recovered" }), null], [open, resolvedFirst, resolved, drill, declaredLess]);
    expect(statuses.map((s) => [s.id, s.state, s.source])).toEqual([
      ["login", "major-outage", "clock"],
      ["pay", "partial-outage", "update"],
      ["map", "operational", null],
    ]);
    expect(overallState(statuses)).toBe("major-outage");
    expect(serviceStatuses(services, [clock({ map: "will-go-down" })], [])[2].state).toBe("degraded");
    expect(overallState(serviceStatuses(services, [], []))).toBe("operational");
  });

  it("reads a thread's latest update: a later resolution clears what an earlier one declared", () => {
    const first = update({ services: [{ id: "login", state: "maintenance" }] });
    expect(serviceStatuses(services, [], [first])[0].state).toBe("maintenance");
    const done = update({ thread: first.thread, phase: "resolved" });
    expect(serviceStatuses(services, [], [done, first])[0].state).toBe("operational");
  });
});

describe("who is told", () => {
  const sub = (s: string[]): Subscriber => ({ id: 1, channel: "email", address: "a@b.c", services: s, lang: "en", unsubscribeToken: "x" });
  it("subscribers of the services an update names, of every service, and everyone for an update naming none", () => {
    const aboutPay = update({ services: [{ id: "pay", state: "degraded" }] });
    expect(concerns(sub(["pay", "map"]), aboutPay)).toBe(true);
    expect(concerns(sub(["login"]), aboutPay)).toBe(false);
    expect(concerns(sub([]), aboutPay)).toBe(true);
    expect(concerns(sub(["login"]), update({}))).toBe(true);
  });
});

describe("language", () => {
  it("?lang wins, then Accept-Language by weight, else English", () => {
    expect(pickLang("ko", "en")).toBe("ko");
    expect(pickLang(undefined, "en;q=0.4, ko-KR;q=0.9")).toBe("ko");
    expect(pickLang(undefined, "fr, de")).toBe("en");
    expect(pickLang("xx", "ko;q=0")).toBe("en");
    fc.assert(fc.property(fc.option(fc.string()), fc.option(fc.string()), (q, a) => ["en", "ko"].includes(pickLang(q ?? undefined, a ?? undefined))));
  });
});

describe("whatever a responder types", () => {
  const text = fc.string({ unit: "binary", maxLength: 60 });
  it("the page shows it as text, never as markup", () => {
    fc.assert(
      fc.property(text, text, (title, message) => {
        const u = update({ title: { en: `<b>${title}` }, message: { en: `<script>${message}` } });
        const html = statusPageHtml({ org: { slug: "acme", name: `<i>${title}` }, now: u.at, services: [], updates: [u] }, "en", links);
        expect(html).not.toMatch(/<script|<b>|<i>/);
      }),
      { numRuns: 200 },
    );
  });

  it("the feed stays well-formed XML and keeps every character XML allows", () => {
    fc.assert(
      fc.property(text, text, (title, message) => {
        const u = update({ title: { en: title || "x" }, message: { en: message }, exercise: message.length % 2 === 0 });
        const xml = statusFeed({ slug: "acme", name: title }, [u], "en", { self: "http://x/f", page: "http://x/", entry: () => "http://x/#1" }, u.at);
        // xmldom lets control characters through; XML 1.0 (and every strict reader) does not
        expect(xml).not.toMatch(NOT_XML);
        const errors: string[] = [];
        const doc = new DOMParser({ onError: (level, m) => errors.push(`${level} ${m}`) }).parseFromString(xml, "application/xml");
        expect(errors).toEqual([]);
        const content = doc.getElementsByTagName("content")[0].textContent ?? "";
        // only characters XML cannot carry are gone (CR becomes LF when XML is read)
        const allowed = message.replace(NOT_XML, "").replace(/\r\n?/g, "\n");
        expect(content.endsWith(allowed)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
