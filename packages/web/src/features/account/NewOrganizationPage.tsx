/** A new organization (site administrators): a name and the slug of its address; the creator becomes its admin. */
import { useState, type FormEvent } from "react";
import { ErrorBox, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import { api } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n } from "../../app/i18n";
import { navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A slug from a name: lowercase ASCII letters and digits, words joined by - (Korean names give none: the person types one). */
export const slugOf = (name: string) =>
  name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50);

export function NewOrganizationPage() {
  const { t } = useI18n();
  useTitle(t("neworg.title"));
  const session = useSession();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (!session.me?.user.isAdmin) return <><PageHeader title={t("neworg.title")} /><Notice kind="warning">{t("neworg.onlyAdmins")}</Notice></>;

  const shownSlug = slugTouched ? slug : slugOf(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("form.required");
    if (!SLUG.test(shownSlug)) local.slug = t("neworg.slugHint", { slug: "acme" });
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const created = await api.post<{ slug: string }>("/api/v1/orgs", { name: name.trim(), slug: shownSlug });
      await session.refresh();
      navigate(`/o/${encodeURIComponent(created.slug)}/dashboard`);
    } catch (err) {
      setErrors(fieldErrors(err).byField);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t("neworg.title")} subtitle={t("neworg.intro")} />
      <Section title={t("neworg.title")}>
        <form onSubmit={submit} noValidate className="narrow-form">
          <TextField label={t("neworg.name")} name="org-name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={200} autoComplete="organization" />
          <TextField
            label={t("neworg.slug")}
            name="org-slug"
            value={shownSlug}
            onChange={(e) => (setSlugTouched(true), setSlug(e.target.value))}
            error={errors.slug}
            hint={t("neworg.slugHint", { slug: shownSlug || "…" })}
            maxLength={63}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t("common.working") : t("neworg.create")}</button>
        </form>
        <ErrorBox error={error} />
      </Section>
    </>
  );
}
