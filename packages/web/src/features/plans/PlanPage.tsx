/**
 * One plan: the document (every 8.4.4 element), its approval (status, actions, history) and the
 * engine's check of it against each site lost for good. Editors change it here (`?edit=1`);
 * `/plans/new` writes a new one.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { canEdit } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { Link, navigate, setSearch, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { useOrgModel } from "../../model/orgdata";
import { DiagnosticList, ErrorBox, Loading, Notice, PageHeader } from "../../ui/ui";
import { PlanApproval } from "./PlanApproval";
import { PlanCheck } from "./PlanCheck";
import { PlanForm } from "./PlanForm";
import { PlanStatusBadge } from "./PlanStatusBadge";
import { PlanView } from "./PlanView";
import { plansApi, type PlanAnswer } from "./plans-api";
import "./plans.css";

const NEW_PLAN = { id: "", steps: [{ id: "", duration: "" }] };

export function PlanPage({ org, id }: { org: string; id: string | null }) {
  const { t } = useI18n();
  const session = useSession();
  const orgModel = useOrgModel();
  const { search } = useLocation();
  const role = session.role(org);
  const editing = canEdit(role) && (id === null || search.get("edit") === "1");
  const [data, setData] = useState<PlanAnswer | undefined>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useTitle(id === null ? t("plans.newTitle") : data?.plan.name ?? id);
  const base = `/o/${encodeURIComponent(org)}`;

  const load = useCallback(async () => {
    if (id === null) return;
    setError(undefined);
    try {
      setData(await plansApi.get(org, id));
    } catch (e) {
      setError(e);
    }
  }, [org, id]);
  useEffect(() => {
    setData(undefined);
    setSaved(false);
    void load();
  }, [load]);
  const names = useMemo(() => new Map((orgModel.model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [orgModel.model]);

  if (id !== null && error) return <><PageHeader title={id} /><ErrorBox error={error} /></>;
  if (id !== null && !data) return <Loading />;
  if (editing) {
    return (
      <PlanForm
        org={org}
        initial={data?.plan ?? NEW_PLAN}
        revision={data?.revision?.number}
        isNew={id === null}
        onCancel={() => (id === null ? navigate(`${base}/plans`) : (setSearch({ edit: "" }), void load()))}
        onSaved={async (newId) => {
          await orgModel.reload();
          setSaved(true);
          if (id === null) navigate(`${base}/plans/${encodeURIComponent(newId)}`);
          else {
            setSearch({ edit: "" });
            await load();
          }
        }}
      />
    );
  }
  const answer = data!;
  const plan = answer.plan;
  return (
    <>
      <PageHeader
        title={<>{plan.name ?? plan.id} <PlanStatusBadge status={answer.approval.status} /></>}
        subtitle={<><Link to={`${base}/plans`}>{t("plans.title")}</Link> · <code>{plan.id}</code></>}
        actions={canEdit(role) ? <button type="button" className="btn btn-primary" onClick={() => setSearch({ edit: "1" })}>{t("plans.edit")}</button> : null}
      />
      {saved ? <Notice kind="success">{t("plans.saved")}</Notice> : null}
      {answer.warnings.length ? <DiagnosticList items={answer.warnings} /> : null}
      <PlanApproval org={org} id={plan.id} approval={answer.approval} revision={answer.revision?.number} role={role} onChanged={load} />
      <PlanView org={org} plan={plan} names={names} />
      <PlanCheck org={org} check={answer.check} names={names} />
    </>
  );
}
