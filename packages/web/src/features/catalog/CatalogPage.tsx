/** Components: search and filters (kind, site, tier, owner), paginated by the API. */
import { useEffect, useMemo, useState } from "react";
import { ErrorBox, Loading, PageHeader, TierBadge, Empty } from "../../ui/ui";
import { api, canEdit, orgPath, query, type Page } from "../../app/api";
import { KNOWN_KINDS } from "@continuum/engine";
import { useI18n } from "../../app/i18n";
import { kindLabel } from "../../ui/labels";
import { minutes, type FileComponent } from "../../model/model";
import { useOrgModel } from "../../model/orgdata";
import { Link, setSearch, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { ScrollArea } from "../../ui/ScrollArea";

const PAGE_SIZE = 50;

export function CatalogPage({ org }: { org: string }) {
  const { t, duration, number } = useI18n();
  useTitle(t("catalog.title"));
  const { search } = useLocation();
  const session = useSession();
  const orgModel = useOrgModel();
  const q = search.get("q") ?? "";
  const kind = search.get("kind") ?? "";
  const site = search.get("site") ?? "";
  const tier = search.get("tier") ?? "";
  const owner = search.get("owner") ?? "";
  const [text, setText] = useState(q);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<Page<FileComponent> | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const cursor = cursors[cursors.length - 1];

  // typing searches after a short pause
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text !== q) setSearch({ q: text });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, q]);

  useEffect(() => setCursors([undefined]), [q, kind, site, tier, owner]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    api
      .get<Page<FileComponent>>(orgPath(org, "components") + query({ q, kind, site, tier, owner, limit: PAGE_SIZE, cursor }), { signal: ctrl.signal })
      .then((p) => {
        setPage(p);
        setError(undefined);
      })
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(e);
      })
      .finally(() => setLoading(false));
    return () => ctrl.abort();
  }, [org, q, kind, site, tier, owner, cursor]);

  const { sites, owners } = useMemo(() => {
    const comps = orgModel.model?.components ?? [];
    const sites = new Map<string, string>();
    const owners = new Set<string>();
    for (const c of comps) {
      if (c.kind === "site") sites.set(c.id, c.name ?? c.id);
      if (c.site && !sites.has(c.site)) sites.set(c.site, c.site);
      if (c.owner) owners.add(c.owner);
    }
    return { sites: [...sites].sort((a, b) => a[1].localeCompare(b[1])), owners: [...owners].sort() };
  }, [orgModel.model]);

  const filtered = !!(q || kind || site || tier || owner);
  const start = (cursors.length - 1) * PAGE_SIZE;
  return (
    <>
      <PageHeader
        title={t("catalog.title")}
        subtitle={t("catalog.subtitle")}
        actions={canEdit(session.role(org)) ? <Link className="btn btn-primary" to={`/o/${encodeURIComponent(org)}/components/new`}>{t("catalog.new")}</Link> : null}
      />
      <form className="filters card" role="search" onSubmit={(e) => { e.preventDefault(); setSearch({ q: text }); }}>
        <div className="field grow">
          <label htmlFor="catalog-q">{t("catalog.search")}</label>
          <input id="catalog-q" type="search" value={text} placeholder={t("catalog.searchPlaceholder")} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="catalog-kind">{t("common.kind")}</label>
          <select id="catalog-kind" value={kind} onChange={(e) => setSearch({ kind: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {KNOWN_KINDS.map((k) => (
              <option key={k} value={k}>{t(`kind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-site">{t("common.site")}</label>
          <select id="catalog-site" value={site} onChange={(e) => setSearch({ site: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {sites.map(([id, name]) => (
              <option key={id} value={id}>{name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-tier">{t("common.tier")}</label>
          <select id="catalog-tier" value={tier} onChange={(e) => setSearch({ tier: e.target.value })}>
            <option value="">{t("common.all")}</option>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>{t("common.tierN", { n })}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-owner">{t("common.owner")}</label>
          <input id="catalog-owner" list="catalog-owners" value={owner} onChange={(e) => setSearch({ owner: e.target.value })} />
          <datalist id="catalog-owners">
            {owners.map((o) => <option key={o} value={o} />)}
          </datalist>
        </div>
        {filtered ? (
          <button type="button" className="btn btn-quiet" onClick={() => { setText(""); setSearch({ q: "", kind: "", site: "", tier: "", owner: "" }); }}>
            {t("catalog.clear")}
          </button>
        ) : null}
      </form>
      <ErrorBox error={error} />
      <div className="card table-card">
        <div className="table-meta" aria-live="polite">
          {page ? t("catalog.count", { from: page.items.length ? number(start + 1) : 0, to: number(start + page.items.length), total: number(page.total ?? start + page.items.length) }) : null}
          {loading ? <span className="spinner small" aria-label={t("common.loading")} /> : null}
        </div>
        {!page && loading ? <Loading /> : null}
        {page && page.items.length === 0 ? <Empty>{filtered ? t("catalog.noMatch") : t("catalog.empty")}</Empty> : null}
        {page && page.items.length ? (
          <ScrollArea>
            <table className="table" data-testid="catalog-table">
              <thead>
                <tr>
                  <th scope="col">{t("common.component")}</th>
                  <th scope="col">{t("common.kind")}</th>
                  <th scope="col">{t("common.site")}</th>
                  <th scope="col">{t("common.tier")}</th>
                  <th scope="col">{t("common.owner")}</th>
                  <th scope="col" className="num">{t("common.rto")}</th>
                  <th scope="col" className="num">{t("common.mtpd")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/o/${encodeURIComponent(org)}/components/${encodeURIComponent(c.id)}`}>{c.name ?? c.id}</Link>
                      {c.name ? <div className="muted mono small">{c.id}</div> : null}
                    </td>
                    <td>{kindLabel(t, c.kind)}</td>
                    <td>{c.site ?? "—"}</td>
                    <td><TierBadge tier={c.tier} /></td>
                    <td>{c.owner ?? <span className="muted">{t("catalog.noOwner")}</span>}</td>
                    <td className="num">{c.rto !== undefined ? duration(minutes(c.rto)) : "—"}</td>
                    <td className="num">{c.mtpd !== undefined ? duration(minutes(c.mtpd)) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        ) : null}
        <div className="pager">
          <button type="button" className="btn" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← {t("common.previous")}
          </button>
          <button type="button" className="btn" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor!])}>
            {t("common.next")} →
          </button>
        </div>
      </div>
    </>
  );
}
