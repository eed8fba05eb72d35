/** One affected service against its RTO and MTPD: when it breaches, in how long, or how long ago. */
import { useEffect, useState } from "react";
import { Badge, TierBadge } from "../../ui/ui";
import type { AffectedService } from "./incidents-api";
import { useI18n } from "../../app/i18n";

/** The current time, moving once a minute (breach countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function Relative({ at }: { at: string }) {
  const { t: it, duration } = useI18n();
  const now = useNow();
  const minutes = Math.round((Date.parse(at) - now) / 60_000);
  return <span className={minutes < 0 ? "past" : "future"}>{minutes < 0 ? it("incidents.agoMinutes", { d: duration(-minutes) }) : it("incidents.inMinutes", { d: duration(minutes) })}</span>;
}

export function BreachLine({ service }: { service: AffectedService }) {
  const { t: it, date } = useI18n();
  return (
    <div className="breach-line">
      <strong>{service.name ?? service.id}</strong>{" "}
      {service.rtoBreachAt ? (
        <span>
          {it("incidents.rtoBreach")} {date(service.rtoBreachAt)} (<Relative at={service.rtoBreachAt} />)
        </span>
      ) : (
        <span>{it("incidents.notBreached")}</span>
      )}
    </div>
  );
}

export function ServiceClock({ service }: { service: AffectedService }) {
  const { t: it, date, moneyShort } = useI18n();
  const state = service.state === "down" ? it("incidents.down") : service.state === "will-go-down" ? it("incidents.willGoDown") : it("incidents.recovered");
  const breach = (label: string, at: string | null) => (
    <div className="breach">
      <span className="breach-label">{label}</span>
      {at ? (
        <span className="breach-at">
          {date(at)} · <Relative at={at} />
        </span>
      ) : (
        <span className="breach-at muted">{it("incidents.notBreached")}</span>
      )}
    </div>
  );
  return (
    <li className="service-clock" data-service={service.id}>
      <div className="service-head">
        <TierBadge tier={service.tier ?? undefined} /> <strong>{service.name ?? service.id}</strong>{" "}
        <Badge kind={service.state === "recovered" ? "good" : "bad"}>{state}</Badge>
      </div>
      <div className="muted small">
        {it("incidents.downSince", { at: date(service.downAt) })}
        {service.upAt ? ` · ${it("incidents.upAt", { at: date(service.upAt) })}` : ""}
      </div>
      {breach(it("incidents.rtoBreach"), service.rtoBreachAt)}
      {breach(it("incidents.mtpdBreach"), service.mtpdBreachAt)}
      <div className="muted small">{it("incidents.loss", { now: moneyShort(service.lossSoFar), projected: moneyShort(service.lossProjected) })}</div>
    </li>
  );
}
