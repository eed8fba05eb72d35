/**
 * Who is told about an update, and what they read: the subscribers of the services the update
 * names (a subscriber of no particular service hears of every update; an update naming no service
 * reaches everyone), each in their own language, a drill marked EXERCISE / 훈련 in the subject,
 * the first line and the webhook's `exercise` field. Pure: the caller stores and sends.
 */
import type { ServiceState, StatusUpdate } from "./service-states.js";
import { updateHeadline } from "./status-feed.js";
import { EXERCISE_MARK, formatTime, localized, STATUS_TEXT, type Lang } from "./status-text.js";

export type Channel = "email" | "webhook";

export interface Subscriber {
  id: number;
  channel: Channel;
  address: string;
  /** service ids; empty: every service */
  services: string[];
  lang: Lang;
  unsubscribeToken: string;
}

/** What one subscriber receives: an e-mail's subject and text, or a webhook's JSON in `body`. */
export interface Notice {
  subscriptionId: number;
  kind: "confirm" | "update";
  channel: Channel;
  address: string;
  subject: string;
  body: string;
  exercise: boolean;
}

export interface NoticeLinks {
  page: (lang: Lang) => string;
  unsubscribe: (token: string) => string;
  confirm: (token: string) => string;
}

export function concerns(s: Subscriber, u: StatusUpdate): boolean {
  if (!s.services.length || !u.services.length) return true;
  return u.services.some((d) => s.services.includes(d.id));
}

export function updateNotices(org: { slug: string; name: string }, u: StatusUpdate, threadTitle: { en?: string; ko?: string }, subscribers: readonly Subscriber[], names: Map<string, string>, links: NoticeLinks): Notice[] {
  return subscribers.filter((s) => concerns(s, u)).map((s) => updateNotice(org, u, threadTitle, s, names, links));
}

function updateNotice(org: { slug: string; name: string }, u: StatusUpdate, threadTitle: { en?: string; ko?: string }, s: Subscriber, names: Map<string, string>, links: NoticeLinks): Notice {
  const lang = s.lang;
  const t = STATUS_TEXT[lang];
  const headline = updateHeadline(u, localized(threadTitle, lang), lang);
  const subject = `${t.title(org.name)} — ${headline}`;
  const services = u.services.map((d) => ({ id: d.id, name: names.get(d.id) ?? d.id, state: d.state as ServiceState }));
  if (s.channel === "webhook") {
    const body = {
      type: "status.update",
      exercise: u.exercise,
      ...(u.exercise ? { mark: EXERCISE_MARK } : {}),
      organization: { slug: org.slug, name: org.name },
      update: { id: String(u.id), thread: String(u.thread), phase: u.phase, title: localized(threadTitle, lang), message: localized(u.message, lang), services, at: u.at, lang },
      text: subject,
      page: links.page(lang),
      unsubscribe: links.unsubscribe(s.unsubscribeToken),
    };
    return { subscriptionId: s.id, kind: "update", channel: "webhook", address: s.address, subject, body: JSON.stringify(body), exercise: u.exercise };
  }
  const lines = [
    ...(u.exercise ? [`${EXERCISE_MARK} — ${t.exerciseNote}`, ""] : []),
    headline,
    formatTime(u.at, lang),
    "",
    localized(u.message, lang),
    ...(services.length ? ["", `${t.declaredServices}: ${services.map((d) => `${d.name} (${t.state[d.state]})`).join(", ")}`] : []),
    "",
    t.pageLine(links.page(lang)),
    t.unsubscribeLine(links.unsubscribe(s.unsubscribeToken)),
  ];
  return { subscriptionId: s.id, kind: "update", channel: "email", address: s.address, subject, body: lines.join("\n"), exercise: u.exercise };
}

/** The double opt-in request: to the e-mail address, or POSTed to the webhook. */
export function confirmNotice(org: { slug: string; name: string }, s: Subscriber, confirmToken: string, links: NoticeLinks): Notice {
  const t = STATUS_TEXT[s.lang];
  const url = links.confirm(confirmToken);
  const subject = t.confirmSubject(org.name);
  const body =
    s.channel === "webhook"
      ? JSON.stringify({ type: "status.subscription.confirm", organization: { slug: org.slug, name: org.name }, confirm: url, text: subject, unsubscribe: links.unsubscribe(s.unsubscribeToken) })
      : `${t.confirmBody(org.name, url)}\n\n${t.pageLine(links.page(s.lang))}`;
  return { subscriptionId: s.id, kind: "confirm", channel: s.channel, address: s.address, subject, body, exercise: false };
}
