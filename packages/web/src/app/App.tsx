/** Routes: first run (setup), sign-in, and the organization's pages under /o/:org/. */
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { Layout, LanguageSwitch, Brand } from "./Layout";
import { ErrorBox, Loading } from "../ui/ui";
import { ErrorBoundary } from "./ErrorBoundary";
import { useI18n } from "./i18n";
import { OrgModelProvider } from "../model/orgdata";
import { match, navigate, useLocation } from "./router";
import { useSession } from "./session";
import { LoginPage } from "../features/setup/LoginPage";
import { SetupPage } from "../features/setup/SetupPage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { CatalogPage } from "../features/catalog/CatalogPage";
import { ComponentPage } from "../features/component/ComponentPage";
import { BiaPage } from "../features/bia/BiaPage";
import { RevisionsPage } from "../features/revisions/RevisionsPage";
import { ImportPage } from "../features/import/ImportPage";
import { AccountPage } from "../features/members/AccountPage";
import { MembersPage } from "../features/members/MembersPage";
import { InvitePage } from "../features/members/InvitePage";
import { IncidentRoutes, IncidentsPage } from "../features/incidents";
import { StatusEditorPage } from "../features/status";
import { TokensPage } from "../features/account/TokensPage";
import { NewOrganizationPage } from "../features/account/NewOrganizationPage";
import { ForgotPasswordPage } from "../features/account/ForgotPasswordPage";
import { ResetPasswordPage } from "../features/account/ResetPasswordPage";
import { AuditPage } from "../features/audit/AuditPage";
import { PlansPage } from "../features/plans/PlansPage";
import { PlanPage } from "../features/plans/PlanPage";
import { ExerciseCalendarPage } from "../features/exercise-calendar/ExerciseCalendarPage";
import { ExerciseReportPage, ExerciseRunPage, ExerciseRunsPage } from "../features/exercises";
import { ChecksPage } from "../features/checks";
import { DirectoryPage } from "../features/directory";

// the two heavy pages load on demand
const MapPage = lazy(() => import("../features/map/MapPage").then((m) => ({ default: m.MapPage })));
const WhatIfPage = lazy(() => import("../features/what-if/WhatIfPage").then((m) => ({ default: m.WhatIfPage })));
const RiskRegisterPage = lazy(() => import("../features/risk/RiskRegisterPage").then((m) => ({ default: m.RiskRegisterPage })));
const RiskAnalysisPage = lazy(() => import("../features/risk/RiskAnalysisPage").then((m) => ({ default: m.RiskAnalysisPage })));

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Centered({ children }: { children: ReactNode }) {
  return (
    <div className="centered">
      <div className="centered-top">
        <Brand />
        <LanguageSwitch />
      </div>
      {children}
    </div>
  );
}

export function App() {
  const session = useSession();
  const { path, search } = useLocation();
  const { t } = useI18n();

  if (session.status === "loading") return <Centered><Loading /></Centered>;
  if (session.status === "offline")
    return (
      <Centered>
        <main className="card narrow">
          <h1>{t("offline.title")}</h1>
          <ErrorBox error={new Error(session.error ?? "")} title={t("offline.detail")} />
          <button type="button" className="btn btn-primary" onClick={() => void session.refresh()}>
            {t("common.retry")}
          </button>
        </main>
      </Centered>
    );
  // an invitation's accept page works signed in or not
  const invite = match("/invite/:token", path);
  if (invite && session.status !== "setup") return <Centered><InvitePage token={invite.token} /></Centered>;
  // a password reset works signed in or not (the link from the mail)
  if (path === "/reset-password" && session.status !== "setup") return <Centered><ResetPasswordPage /></Centered>;
  if (path === "/forgot-password" && session.status === "anonymous") return <Centered><ForgotPasswordPage /></Centered>;
  if (session.status === "setup") {
    if (path !== "/setup") return <Redirect to="/setup" />;
    return <Centered><SetupPage /></Centered>;
  }
  if (session.status === "anonymous") {
    if (path !== "/login") {
      const next = path === "/" || path === "/setup" ? "" : `?next=${encodeURIComponent(path + (search.toString() ? `?${search}` : ""))}`;
      return <Redirect to={`/login${next}`} />;
    }
    return <Centered><LoginPage /></Centered>;
  }

  // signed in
  const memberships = session.me?.memberships ?? [];
  const first = memberships[0]?.organization.slug;
  if (path === "/" || path === "/login" || path === "/setup") {
    const next = search.get("next");
    if (path === "/login" && next && next.startsWith("/o/")) return <Redirect to={next} />;
    if (!first) return <Centered><main className="card narrow"><h1>{t("noorg.title")}</h1><p>{t("noorg.detail")}</p></main></Centered>;
    // the last organization used in this browser, else the first
    let last: string | null = null;
    try {
      last = window.localStorage.getItem("continuum.org");
    } catch {
      /* private mode */
    }
    const start = last && session.membership(last) ? last : first;
    return <Redirect to={`/o/${encodeURIComponent(start)}/dashboard`} />;
  }
  const orgMatch = /^\/o\/([^/]+)(\/.*)?$/.exec(path);
  if (!orgMatch) return <NotFound org={first} />;
  const org = decodeURIComponent(orgMatch[1]);
  const rest = orgMatch[2] ?? "/";
  if (!session.membership(org)) return <NotFound org={first} />;
  try {
    window.localStorage.setItem("continuum.org", org);
  } catch {
    /* private mode */
  }
  return (
    <OrgModelProvider org={org} key={org}>
      <OrgRoutes org={org} rest={rest} />
    </OrgModelProvider>
  );
}

function OrgRoutes({ org, rest }: { org: string; rest: string }) {
  const { lang } = useI18n();
  const wide = rest === "/map" || rest === "/what-if" || rest === "/risks" || rest === "/risk-analysis";
  let page: ReactNode;
  let params: Record<string, string> | null;
  if (rest === "/" || rest === "/dashboard") page = <DashboardPage org={org} />;
  else if (rest === "/components") page = <CatalogPage org={org} />;
  else if (rest === "/components/new") page = <ComponentPage org={org} id={null} />;
  else if ((params = match("/components/:id", rest))) page = <ComponentPage org={org} id={params.id} />;
  else if (rest === "/map") page = <MapPage org={org} />;
  else if (rest === "/bia") page = <BiaPage org={org} />;
  else if (rest === "/what-if") page = <WhatIfPage org={org} />;
  else if (rest === "/risks") page = <RiskRegisterPage org={org} />;
  else if (rest === "/risk-analysis") page = <RiskAnalysisPage org={org} />;
  else if (rest === "/plans") page = <PlansPage org={org} />;
  else if (rest === "/plans/new") page = <PlanPage org={org} id={null} />;
  else if ((params = match("/plans/:id", rest))) page = <PlanPage org={org} id={params.id} />;
  else if (rest === "/exercise-calendar") page = <ExerciseCalendarPage org={org} />;
  else if (rest === "/revisions") page = <RevisionsPage org={org} />;
  else if (rest === "/import") page = <ImportPage org={org} />;
  else if (rest === "/account") page = <AccountPage />;
  else if (rest === "/members") page = <MembersPage org={org} />;
  else if (rest === "/tokens") page = <TokensPage org={org} />;
  else if (rest === "/audit") page = <AuditPage org={org} />;
  else if (rest === "/new-organization") page = <NewOrganizationPage />;
  else if (rest === "/checks") page = <ChecksPage org={org} />;
  else if (rest === "/directory") page = <DirectoryPage org={org} />;
  else if (rest === "/incidents" || rest.startsWith("/incidents/")) page = <IncidentRoutes org={org} rest={rest} list={<IncidentsPage org={org} />} />;
  else if (rest === "/status") page = <StatusEditorPage org={org} />;
  else if (rest === "/exercise-runs") page = <ExerciseRunsPage org={org} />;
  else if ((params = match("/exercise-runs/:n/report", rest)) && /^\d+$/.test(params.n)) page = <ExerciseReportPage org={org} n={Number(params.n)} />;
  else if ((params = match("/exercise-runs/:n", rest)) && /^\d+$/.test(params.n)) page = <ExerciseRunPage org={org} n={Number(params.n)} />;
  else page = <NotFoundBody />;
  return (
    <Layout org={org} wide={wide}>
      <ErrorBoundary lang={lang} resetKey={rest}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </ErrorBoundary>
    </Layout>
  );
}

function NotFoundBody() {
  const { t } = useI18n();
  return (
    <div className="card narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.detail")}</p>
    </div>
  );
}

function NotFound({ org }: { org?: string }) {
  const { t } = useI18n();
  return (
    <Centered>
      <main className="card narrow">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.detail")}</p>
        {org ? (
          <button type="button" className="btn btn-primary" onClick={() => navigate(`/o/${encodeURIComponent(org)}/dashboard`)}>
            {t("notFound.home")}
          </button>
        ) : null}
      </main>
    </Centered>
  );
}
