/** The frame of every signed-in page: header (organization, language, account) and navigation. */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n, type Lang, type MessageKey } from "./i18n";
import { Link, navigate, useLocation } from "./router";
import { useSession } from "./session";
import { canEdit } from "./api";
import { useOrgModel } from "../model/orgdata";

const NAV: Array<{ path: string; label: MessageKey; editorOnly?: boolean; membersRead?: boolean; contactsRead?: boolean }> = [
  { path: "dashboard", label: "nav.dashboard" },
  { path: "incidents", label: "nav.incidents" },
  { path: "status", label: "nav.status" },
  { path: "exercise-runs", label: "nav.exerciseRuns" },
  { path: "checks", label: "nav.checks" },
  { path: "components", label: "nav.catalog" },
  { path: "map", label: "nav.map" },
  { path: "bia", label: "nav.bia" },
  { path: "what-if", label: "nav.whatIf" },
  { path: "plans", label: "nav.plans" },
  { path: "exercise-calendar", label: "nav.exerciseCalendar" },
  { path: "risks", label: "nav.risks" },
  { path: "risk-analysis", label: "nav.riskAnalysis" },
  { path: "revisions", label: "nav.revisions" },
  { path: "import", label: "nav.import", editorOnly: true },
  { path: "members", label: "nav.members", membersRead: true },
  { path: "tokens", label: "nav.tokens", membersRead: true },
  { path: "audit", label: "nav.audit", membersRead: true },
  { path: "directory", label: "nav.directory", contactsRead: true },
];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const options: Array<{ value: Lang; label: string }> = [
    { value: "ko", label: "한국어" },
    { value: "en", label: "English" },
  ];
  return (
    <div className="lang-switch" role="group" aria-label={t("header.language")}>
      {options.map((o) => (
        <button key={o.value} type="button" className={lang === o.value ? "active" : ""} aria-pressed={lang === o.value} lang={o.value} onClick={() => setLang(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function Brand() {
  return (
    <span className="brand">
      <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="currentColor" />
        <path d="M9 16a7 7 0 1 1 7 7" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        <circle cx="16" cy="23" r="2.5" fill="#f2b134" />
      </svg>
      <span>Continuum</span>
    </span>
  );
}

export function Layout({ org, children, wide }: { org: string; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const role = session.role(org);
  const memberships = session.me?.memberships ?? [];
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const section = path.split("/")[3] ?? "dashboard";

  const firstPath = useRef(path);
  useEffect(() => {
    setMenuOpen(false);
    // after a navigation, put the keyboard and screen reader at the new page's content
    if (path !== firstPath.current) mainRef.current?.focus({ preventScroll: true });
  }, [path]);

  const roleLabel = role ? t(`role.${role}` as MessageKey) : "";
  const items = NAV.filter((n) => (!n.editorOnly || canEdit(role)) && (!n.membersRead || role === "admin" || role === "auditor") && (!n.contactsRead || role === "admin" || role === "editor" || role === "responder"));
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        {t("header.skip")}
      </a>
      <header className="app-header">
        <Link to={`/o/${encodeURIComponent(org)}/dashboard`} className="brand-link" aria-label={t("header.home")}>
          <Brand />
        </Link>
        {memberships.length > 1 ? (
          <label className="org-switch">
            <span className="visually-hidden">{t("header.organization")}</span>
            <select value={org} onChange={(e) => navigate(`/o/${encodeURIComponent(e.target.value)}/${section}`)}>
              {memberships.map((m) => (
                <option key={m.organization.slug} value={m.organization.slug}>
                  {m.organization.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="org-name">{memberships[0]?.organization.name ?? org}</span>
        )}
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
          {t("header.menu")}
        </button>
        <div className="header-right">
          <LanguageSwitch />
          <div className="account">
            <Link to={`/o/${encodeURIComponent(org)}/account`} className="account-name" title={session.me?.user.email}>
              {session.me?.user.name || session.me?.user.email}
            </Link>
            {role ? <span className={`role role-${role}`} data-testid="role">{roleLabel}</span> : null}
            <button type="button" className="btn btn-quiet" onClick={() => void session.logout().then(() => navigate("/login"))}>
              {t("header.logout")}
            </button>
          </div>
        </div>
      </header>
      <div className="app-body">
        <nav id="main-nav" className={`app-nav${menuOpen ? " open" : ""}`} aria-label={t("header.navigation")}>
          <ul>
            {items.map((n) => {
              const to = `/o/${encodeURIComponent(org)}/${n.path}`;
              const active = section === n.path;
              return (
                <li key={n.path}>
                  <Link to={to} aria-current={active ? "page" : undefined} className={active ? "active" : ""}>
                    {t(n.label)}
                  </Link>
                </li>
              );
            })}
          </ul>
          <div className="nav-foot">
            <div className="nav-account">
              {session.me?.user.name || session.me?.user.email}
              {role ? ` · ${roleLabel}` : ""}
            </div>
            <a href="/api/docs" target="_blank" rel="noreferrer">
              {t("nav.apiDocs")}
            </a>
          </div>
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1} className={wide ? "wide" : ""}>
          <PrintHeader organization={memberships.find((m) => m.organization.slug === org)?.organization.name ?? org} />
          {children}
        </main>
      </div>
    </div>
  );
}

/** On paper only: which organization, which revision of its model, when printed (page numbers come from @page). */
function PrintHeader({ organization }: { organization: string }) {
  const { t, date } = useI18n();
  const { revision } = useOrgModel();
  return (
    <div className="print-only print-header" aria-hidden="true">
      <strong>{organization}</strong> · {revision === undefined ? "—" : t("print.revision", { n: revision })} · {t("print.printed", { date: date(new Date()) })}
    </div>
  );
}
