/**
 * The status page's Atom 1.0 feed (RFC 4287): one entry per update, newest first; a drill's
 * entries say EXERCISE / 훈련 in their title. Pure.
 */
import { escapeHtml } from "./status-page-html.js";
import type { StatusUpdate } from "./service-states.js";
import { EXERCISE_MARK, localized, STATUS_TEXT, type Lang } from "./status-text.js";

export const FEED_ENTRIES = 100;

/** The words of an update as one line: "[EXERCISE / 훈련] Investigating: the title". */
export function updateHeadline(u: StatusUpdate, threadTitle: string, lang: Lang): string {
  return `${u.exercise ? `[${EXERCISE_MARK}] ` : ""}${STATUS_TEXT[lang].phase[u.phase]}: ${threadTitle}`;
}

/** A thread's title: its first update's (a later one may rename it). */
export function threadTitles(updates: readonly StatusUpdate[], lang: Lang): Map<number, string> {
  const titles = new Map<number, string>();
  for (const u of [...updates].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id)) {
    const t = localized(u.title, lang);
    if (t && !titles.has(u.thread)) titles.set(u.thread, t);
  }
  return titles;
}

export function statusFeed(org: { slug: string; name: string }, updates: readonly StatusUpdate[], lang: Lang, links: { self: string; page: string; entry: (u: StatusUpdate) => string }, now: string): string {
  const x = escapeHtml;
  const t = STATUS_TEXT[lang];
  const titles = threadTitles(updates, lang);
  const entries = [...updates].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id).slice(0, FEED_ENTRIES);
  const updated = entries[0]?.at ?? now;
  const body = entries
    .map((u) => {
      const title = updateHeadline(u, titles.get(u.thread) ?? "", lang);
      const text = `${u.exercise ? `${EXERCISE_MARK}: ${t.exerciseNote}\n\n` : ""}${localized(u.message, lang)}`;
      return `  <entry>
    <id>urn:continuum:status:${x(org.slug)}:update:${u.id}</id>
    <title>${x(title)}</title>
    <updated>${new Date(u.at).toISOString()}</updated>
    <published>${new Date(u.at).toISOString()}</published>
    <link rel="alternate" type="text/html" href="${x(links.entry(u))}"/>
    <category term="${u.phase}"/>${u.exercise ? `\n    <category term="exercise" label="${x(EXERCISE_MARK)}"/>` : ""}
    <content type="text">${x(text)}</content>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>urn:continuum:status:${x(org.slug)}:${lang}</id>
  <title>${x(t.title(org.name))}</title>
  <updated>${new Date(updated).toISOString()}</updated>
  <author><name>${x(org.name)}</name></author>
  <link rel="self" type="application/atom+xml" href="${x(links.self)}"/>
  <link rel="alternate" type="text/html" href="${x(links.page)}"/>
${body}
</feed>
`;
}
