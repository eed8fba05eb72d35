/**
 * Who is watching what, for server-sent events: the incident room listens on its incident, the
 * incident list on its organization. A change says only "look again"; each listener re-reads.
 * (One process: on several servers sharing PostgreSQL a room sees others' changes at its next poll.)
 */
export type Listener = () => void;

export class LiveHub {
  private readonly channels = new Map<string, Set<Listener>>();

  listen(channel: string, listener: Listener): () => void {
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (!set!.size) this.channels.delete(channel);
    };
  }

  publish(channel: string): void {
    for (const l of this.channels.get(channel) ?? []) l();
  }

  static incident(id: number) {
    return `incident:${id}`;
  }
  static organization(id: number) {
    return `org:${id}`;
  }
}

/** The headers of a server-sent event stream (no caching, no proxy buffering). */
export const EVENT_STREAM_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-content-type-options": "nosniff", "x-accel-buffering": "no" };
