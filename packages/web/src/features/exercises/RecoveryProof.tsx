/**
 * Which services exercises have proven recoverable within their RTO, on evidence younger than its
 * shelf life (ISO 22301 8.6): yes, no or unproven. For the dashboard (all services) and a
 * component's page (one service).
 */
import { useEffect, useState } from "react";
import { Badge, ErrorBox, Loading, Section } from "../../ui/ui";
import { Link } from "../../app/router";
import { useI18n, type MessageKey } from "../../app/i18n";
import { MoreItems } from "../../ui/MoreList";
import { exercisesApi, type RecoveryEvidence, type ServiceProof } from "./exercises-api";

const TONE = { yes: "good", no: "bad", unproven: "warn" } as const;

export function useRecoveryEvidence(org: string) {
  const [data, setData] = useState<RecoveryEvidence | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    exercisesApi.evidence(org).then(setData, setError);
  }, [org]);
  return { data, error };
}

function ProofLine({ proof }: { proof: ServiceProof }) {
  const i18n = useI18n();
  const { t } = i18n;
  const e = proof.evidence;
  return (
    <>
      <Badge kind={TONE[proof.answer]}>{t(`exercises.answer.${proof.answer}` as MessageKey)}</Badge>{" "}
      {proof.reason === "never-drilled" ? <span className="small muted">{t("exercises.reason.never-drilled")}</span> : null}
      {proof.reason === "expired" && e ? <span className="small muted">{t("exercises.reason.expired", { date: e.expiresOn })}</span> : null}
      {proof.reason === null && e ? (
        <span className="small">{t("exercises.evidenceLine", { minutes: e.minutes === null ? t("exercises.notRecovered") : i18n.duration(e.minutes), date: e.measuredOn, source: e.source, until: e.expiresOn })}</span>
      ) : null}
    </>
  );
}

/** The dashboard's section: every service with an RTO, failing ones first. */
export function RecoveryProofSection({ org }: { org: string }) {
  const { t } = useI18n();
  const { data, error } = useRecoveryEvidence(org);
  // failing first, then proven; the many never drilled last (behind "more")
  const order = { no: 0, yes: 1, unproven: 2 };
  const list = (data?.services ?? []).slice().sort((a, b) => order[a.answer] - order[b.answer] || (a.tier ?? 9) - (b.tier ?? 9) || a.service.localeCompare(b.service));
  return (
    <Section title={t("exercises.evidence")} actions={<Link to={`/o/${encodeURIComponent(org)}/exercise-runs`}>{t("nav.exerciseRuns")}</Link>}>
      <p className="small muted">{t("exercises.evidenceHint")}</p>
      {error ? <ErrorBox error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p data-testid="proof-counts">{t("exercises.evidenceCounts", data.counts)}</p>
          {list.length === 0 ? <p className="muted">{t("exercises.evidenceNone")}</p> : null}
          <ul className="proof-list" data-testid="recovery-proof">
            <MoreItems
              items={list}
              limit={8}
              render={(p) => (
                <li key={p.service} data-service={p.service} data-answer={p.answer}>
                  <Link to={`/o/${encodeURIComponent(org)}/components/${encodeURIComponent(p.service)}`}>{p.name ?? p.service}</Link>
                  <span>
                    <ProofLine proof={p} />
                  </span>
                </li>
              )}
            />
          </ul>
        </>
      ) : null}
    </Section>
  );
}

/** One service's answer, for its page (nothing when it has no RTO and no evidence). */
export function ServiceRecoveryProof({ org, service }: { org: string; service: string }) {
  const { t } = useI18n();
  const { data } = useRecoveryEvidence(org);
  const proof = data?.services.find((s) => s.service === service);
  if (!proof) return null;
  return (
    <Section title={t("exercises.evidence")}>
      <p data-testid="service-proof">
        <ProofLine proof={proof} />
      </p>
    </Section>
  );
}
