/**
 * The status page's shell: reads what the page shows (the services' states from the business
 * clock and the updates), records responders' updates and tells the subscribers (through the
 * `DeliverNotice` seam, see notice-delivery.ts), and runs subscriptions with double opt-in.
 */
import type { Database } from "../storage/database.js";
import type { IncidentDesk } from "../incidents/incident-desk.js";
import { LiveHub } from "../incidents/live.js";
import { publicServices, serviceStatuses, type Localized, type Phase, type ServiceState, type StatusUpdate } from "./service-states.js";
import type { StatusView } from "./status-page-html.js";
import { threadTitles } from "./status-feed.js";
import { confirmNotice, updateNotices, type Channel, type NoticeLinks } from "./status-notices.js";
import { recordNotice, type DeliverNotice } from "./notice-delivery.js";
import { StatusRepository } from "./status-repository.js";
import type { Lang } from "./status-text.js";

/** The page is read by many during an outage: its view is kept this long (a new update clears it). */
const VIEW_TTL_MS = 10_000;

export interface PublicOrg {
  id: number;
  slug: string;
  name: string;
}

/** Absolute links for notices: what a subscriber opens from their mailbox or webhook. */
export function noticeLinks(origin: string, slug: string): NoticeLinks {
  const base = `${origin}/status/${encodeURIComponent(slug)}`;
  return {
    page: (lang: Lang) => `${base}?lang=${lang}`,
    confirm: (token: string) => `${base}/confirm/${encodeURIComponent(token)}`,
    unsubscribe: (token: string) => `${base}/unsubscribe/${encodeURIComponent(token)}`,
  };
}

export class StatusDesk {
  private readonly views = new Map<number, { at: number; view: StatusView }>();
  private readonly watched = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly desk: IncidentDesk,
    readonly repo = new StatusRepository(),
    /** the seam: where notices go (by default, rows for the outbox and webhook jobs) */
    private readonly deliver: DeliverNotice = recordNotice,
  ) {}

  async view(org: PublicOrg): Promise<StatusView> {
    const now = this.desk.now();
    const cached = this.views.get(org.id);
    if (cached && now - cached.at < VIEW_TTL_MS && now >= cached.at) return cached.view;
    if (!this.watched.has(org.id)) {
      // an incident declared, changed or stood down, or new signals: the next reader sees it at once
      this.watched.add(org.id);
      this.desk.live.listen(LiveHub.organization(org.id), () => this.invalidate(org.id));
    }
    const cm = await this.desk.compiled(org.id);
    // drills apart: only real signals and incidents change what the public reads
    const incidents = (await this.desk.incidents.list(this.db, org.id, "open")).filter((i) => !i.exercise);
    const clocks = [await this.desk.organizationClock(org.id, false), ...(await Promise.all(incidents.map((i) => this.desk.incidentClock(i))))];
    const updates = await this.repo.recentUpdates(this.db, org.id, new Date(now));
    const view: StatusView = { org: { slug: org.slug, name: org.name }, now: new Date(now).toISOString(), services: serviceStatuses(publicServices(cm), clocks, updates), updates };
    this.views.set(org.id, { at: now, view });
    if (this.views.size > 1000) this.views.delete(this.views.keys().next().value!);
    return view;
  }

  invalidate(organizationId: number): void {
    this.views.delete(organizationId);
  }

  /** Records an update and queues a notice for every subscriber it concerns, in one transaction. */
  async postUpdate(
    org: PublicOrg,
    input: { thread: number | null; incidentId: number | null; phase: Phase; title: Localized; message: Localized; services: Array<{ id: string; state: ServiceState }>; exercise: boolean },
    author: { id: number | null; name: string },
    origin: string,
  ): Promise<{ update: StatusUpdate; notices: number }> {
    const cm = await this.desk.compiled(org.id);
    const names = new Map(publicServices(cm).map((s) => [s.id, s.name]));
    const result = await this.db.transaction(async (tx) => {
      const id = await this.repo.addUpdate(tx, { organizationId: org.id, ...input, authorUser: author.id, authorName: author.name });
      const update = (await this.repo.update(tx, org.id, id))!;
      const thread = (await this.repo.recentUpdates(tx, org.id, new Date(this.desk.now()))).filter((u) => u.thread === update.thread);
      const title = { en: threadTitles(thread, "en").get(update.thread), ko: threadTitles(thread, "ko").get(update.thread) };
      const notices = updateNotices(org, update, title, await this.repo.subscribers(tx, org.id), names, noticeLinks(origin, org.slug));
      for (const n of notices) await this.deliver(tx, org.id, n, update.id);
      return { update, notices: notices.length };
    });
    this.invalidate(org.id);
    return result;
  }

  /** A new subscription, unconfirmed: the opt-in link goes to the address (e-mail or webhook). */
  async subscribe(org: PublicOrg, input: { channel: Channel; address: string; services: string[]; lang: Lang }, origin: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { subscriber, confirmToken } = await this.repo.subscribe(tx, { organizationId: org.id, ...input });
      await this.deliver(tx, org.id, confirmNotice(org, subscriber, confirmToken, noticeLinks(origin, org.slug)), null);
    });
  }
}
