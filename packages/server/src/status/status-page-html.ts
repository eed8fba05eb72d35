/**
 * The public status page as HTML: server-rendered, no script at all, so it reads in any browser,
 * with JavaScript off, and as a static copy on any host (the export). The CSS is in the page; the
 * shipped font (Pretendard) comes from a stylesheet beside it, so Korean never falls back to boxes.
 *
 * Pure: the caller passes what to show and where the links go (the live server or the export).
 */
import { isOpen, overallState, threadsOf, type PublicService, type ServiceState, type ServiceStatus, type StatusUpdate } from "./service-states.js";
import { EXERCISE_MARK, formatTime, localized, STATUS_TEXT, type Lang, type StatusText } from "./status-text.js";

export interface StatusView {
  org: { slug: string; name: string };
  now: string;
  services: ServiceStatus[];
  /** the updates of the past 90 days (and of every thread still open) */
  updates: StatusUpdate[];
}

export interface PageLinks {
  /** the page in a language */
  page: (lang: Lang) => string;
  feed: string;
  fontCss: string;
  /** where the subscription form posts; null: no form (a static copy points to `live` instead) */
  subscribe: string | null;
  /** the live page, from a static copy */
  live: string | null;
}

export const HISTORY_SHOWN = 50;

/** Characters XML 1.0 does not allow: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates. */
export const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as HTML or XML character data and attribute values: the five special characters escaped,
 * and the characters XML 1.0 does not allow at all (control characters, lone surrogates) dropped,
 * so that whatever a responder typed, the page and the Atom feed stay well-formed.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(NOT_XML, "")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CSS = `
:root { --ink: #1b1f24; --muted: #4b5563; --line: #d7dce2; --bg: #f6f7f9; --card: #fff; --accent: #1d4ed8;
  --operational: #146c2e; --maintenance: #1d4ed8; --degraded: #8a4b00; --partial-outage: #b42318; --major-outage: #8f1010; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.55 "Pretendard Variable", Pretendard, system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", sans-serif; word-break: keep-all; overflow-wrap: anywhere; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; padding-top: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0; line-height: 1.25; }
h2 { font-size: 1.15rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1rem; margin: 0 0 .5rem; }
nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
.banner { margin: 1.25rem 0 0; padding: 1rem 1.25rem; border-radius: .5rem; color: #fff; font-weight: 650; font-size: 1.1rem; }
.banner.operational { background: var(--operational); } .banner.maintenance { background: var(--maintenance); } .banner.degraded { background: var(--degraded); }
.banner.partial-outage { background: var(--partial-outage); } .banner.major-outage { background: var(--major-outage); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; }
ul.services { list-style: none; margin: 0; padding: 0; }
ul.services li { display: flex; justify-content: space-between; gap: 1rem; padding: .75rem 1rem; border-top: 1px solid var(--line); }
ul.services li:first-child { border-top: 0; }
.state { font-weight: 650; white-space: nowrap; }
.state::before { content: ""; display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .4em; background: currentColor; }
.state.operational { color: var(--operational); } .state.maintenance { color: var(--maintenance); } .state.degraded { color: var(--degraded); }
.state.partial-outage { color: var(--partial-outage); } .state.major-outage { color: var(--major-outage); }
article { padding: 1rem; margin-bottom: .75rem; }
article ol { list-style: none; margin: 0; padding: 0; }
article li { padding: .5rem 0; border-top: 1px solid var(--line); }
.phase { font-weight: 650; }
.meta { color: var(--muted); font-size: .9rem; }
.exercise { display: inline-block; background: #fff3c4; color: #5c3d00; border: 1px solid #8a6100; border-radius: .25rem; padding: 0 .4rem; font-weight: 700; font-size: .85rem; margin-right: .4rem; }
.note { background: #fff3c4; color: #3d2a00; padding: .5rem .75rem; border-radius: .25rem; }
form { padding: 1rem; display: grid; gap: .75rem; }
fieldset { border: 0; padding: 0; margin: 0; }
legend, label.block { font-weight: 650; display: block; margin-bottom: .25rem; }
input[type=text] { width: 100%; font: inherit; padding: .5rem; border: 1px solid #6b7280; border-radius: .25rem; }
.choices { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.choices label { display: inline-flex; gap: .35rem; align-items: center; min-height: 44px; }
button { font: inherit; font-weight: 650; background: var(--accent); color: #fff; border: 0; border-radius: .25rem; padding: .6rem 1.2rem; min-height: 44px; justify-self: start; cursor: pointer; }
footer { padding-top: 1.5rem; padding-bottom: 2rem; color: var(--muted); font-size: .9rem; }
`;

const exerciseBadge = (t: StatusText, u: { exercise: boolean }) => (u.exercise ? `<span class="exercise">${escapeHtml(EXERCISE_MARK)}</span>` : "");

function stateLabel(t: StatusText, state: ServiceState): string {
  return `<span class="state ${state}">${escapeHtml(t.state[state])}</span>`;
}

function threadHtml(thread: StatusUpdate[], lang: Lang, t: StatusText, names: Map<string, string>): string {
  const head = thread[0];
  const first = thread[thread.length - 1];
  const title = localized(head.title, lang) || localized(first.title, lang);
  const items = thread.map((u) => {
    const declared = u.services.length
      ? `<p class="meta">${escapeHtml(t.declaredServices)}: ${u.services.map((s) => `${escapeHtml(names.get(s.id) ?? s.id)} (${escapeHtml(t.state[s.state])})`).join(", ")}</p>`
      : "";
    return `<li><p><span class="phase">${exerciseBadge(t, u)}${escapeHtml(t.phase[u.phase])}</span> — ${escapeHtml(localized(u.message, lang))}</p>${declared}<p class="meta"><time datetime="${escapeHtml(u.at)}">${escapeHtml(formatTime(u.at, lang))}</time></p></li>`;
  });
  const note = head.exercise ? `<p class="note">${escapeHtml(t.exerciseNote)}</p>` : "";
  return `<article class="card" id="update-${first.id}"><h3>${exerciseBadge(t, head)}${escapeHtml(title)}</h3>${note}<ol>${items.join("")}</ol></article>`;
}

function subscribeHtml(t: StatusText, lang: Lang, links: PageLinks, services: readonly PublicService[]): string {
  if (!links.subscribe) {
    return links.live ? `<h2 id="subscribe">${escapeHtml(t.subscribe)}</h2><p><a href="${escapeHtml(links.live)}">${escapeHtml(links.live)}</a></p>` : "";
  }
  const boxes = services
    .map((s) => `<label><input type="checkbox" name="services" value="${escapeHtml(s.id)}"> ${escapeHtml(s.name)}</label>`)
    .join("");
  return `<h2 id="subscribe">${escapeHtml(t.subscribe)}</h2>
<form class="card" method="post" action="${escapeHtml(links.subscribe)}">
<p class="meta">${escapeHtml(t.subscribeIntro)}</p>
<input type="hidden" name="lang" value="${lang}">
<fieldset><legend>${escapeHtml(t.channel)}</legend><div class="choices">
<label><input type="radio" name="channel" value="email" checked> ${escapeHtml(t.email)}</label>
<label><input type="radio" name="channel" value="webhook"> ${escapeHtml(t.webhook)}</label></div></fieldset>
<div><label class="block" for="address">${escapeHtml(t.address)}</label>
<input type="text" id="address" name="address" required maxlength="500" autocomplete="email" aria-describedby="address-hint">
<p class="meta" id="address-hint">${escapeHtml(t.addressHint)}</p></div>
${services.length ? `<fieldset><legend>${escapeHtml(t.whichServices)}</legend><div class="choices">${boxes}</div></fieldset>` : ""}
<button type="submit">${escapeHtml(t.subscribeButton)}</button>
</form>`;
}

function shell(lang: Lang, title: string, links: PageLinks, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(links.fontCss)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(title)}" href="${escapeHtml(links.feed)}">
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function statusPageHtml(view: StatusView, lang: Lang, links: PageLinks, options: { isStatic?: boolean } = {}): string {
  const t = STATUS_TEXT[lang];
  const other: Lang = lang === "en" ? "ko" : "en";
  const names = new Map(view.services.map((s) => [s.id, s.name]));
  const overall = overallState(view.services);
  const threads = threadsOf(view.updates);
  const open = threads.filter(isOpen);
  const past = threads.filter((th) => !isOpen(th));
  const shownPast = past.slice(0, HISTORY_SHOWN);
  const body = `<a class="skip" href="#services">${escapeHtml(t.skip)}</a>
<header>
<h1>${escapeHtml(t.title(view.org.name))}</h1>
<nav aria-label="${escapeHtml(t.langName)}"><ul>
<li><a href="${escapeHtml(links.page(other))}" lang="${other}" hreflang="${other}">${escapeHtml(t.otherLang)}</a></li>
<li><a href="${escapeHtml(links.feed)}">${escapeHtml(t.feed)}</a></li>
${links.subscribe || links.live ? `<li><a href="#subscribe">${escapeHtml(t.subscribe)}</a></li>` : ""}
</ul></nav>
</header>
<main>
<p class="banner ${overall}" id="overall" data-state="${overall}">${escapeHtml(t.overall[overall])}</p>
${options.isStatic ? `<p class="note">${escapeHtml(t.staticNote)}</p>` : ""}
<h2 id="services">${escapeHtml(t.services)}</h2>
${
  view.services.length
    ? `<ul class="services card">${view.services.map((s) => `<li data-service="${escapeHtml(s.id)}" data-state="${s.state}"><span>${escapeHtml(s.name)}</span>${stateLabel(t, s.state)}</li>`).join("")}</ul>`
    : `<p>${escapeHtml(t.noServices)}</p>`
}
<h2>${escapeHtml(t.current)}</h2>
${open.length ? open.map((th) => threadHtml(th, lang, t, names)).join("") : `<p>${escapeHtml(t.noCurrent)}</p>`}
<h2>${escapeHtml(t.history)}</h2>
${shownPast.length ? shownPast.map((th) => threadHtml(th, lang, t, names)).join("") : `<p>${escapeHtml(t.noHistory)}</p>`}
${past.length > shownPast.length ? `<p>${escapeHtml(t.more(past.length - shownPast.length))}</p>` : ""}
${subscribeHtml(t, lang, links, view.services)}
</main>
<footer><p>${escapeHtml(t.asOf(formatTime(view.now, lang)))}</p></footer>`;
  return shell(lang, t.title(view.org.name), links, body);
}

/** A short page after a subscription step (subscribed, confirmed, unsubscribed, a bad link). */
export function messagePageHtml(org: { name: string }, lang: Lang, links: PageLinks, message: string): string {
  const t = STATUS_TEXT[lang];
  return shell(
    lang,
    t.title(org.name),
    links,
    `<header><h1>${escapeHtml(t.title(org.name))}</h1></header><main><p class="card" style="padding:1rem" role="status">${escapeHtml(message)}</p><p><a href="${escapeHtml(links.page(lang))}">${escapeHtml(t.back)}</a></p></main>`,
  );
}
