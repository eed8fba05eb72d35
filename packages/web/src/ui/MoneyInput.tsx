/**
 * An amount of money typed with thousands separators shown as you type (1,500,000) and the
 * model's currency beside it; the value handed back is the plain number text (1500000), which is
 * what the model file holds.
 */
import type { InputHTMLAttributes } from "react";
import { Field } from "./ui";
import type { ReactNode } from "react";

/** `1500000.5` → `1,500,000.5` (separators of `locale`); text that is not a number stays as typed. */
export function groupDigits(plain: string, locale: string): string {
  const m = /^(-?)(\d+)(\.\d*)?$/.exec(plain);
  if (!m) return plain;
  const sep = new Intl.NumberFormat(locale).format(1000).replace(/\d/g, "") || ",";
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, sep)}${m[3] ?? ""}`;
}

/** What was typed without separators or spaces: `1,500,000` → `1500000`. */
export function plainDigits(typed: string): string {
  return typed.replace(/[\s,'’_]/g, "");
}

type Props = { value: string; onChange: (plain: string) => void; currency: string; locale: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/** The bare input (for table cells, labelled by aria-label). */
export function MoneyInput({ value, onChange, currency, locale, className, ...input }: Props) {
  return (
    <span className={`money-input${className ? ` ${className}` : ""}`}>
      <input {...input} inputMode="decimal" autoComplete="off" value={groupDigits(value, locale)} onChange={(e) => onChange(plainDigits(e.target.value))} />
      <span className="money-currency">{currency}</span>
    </span>
  );
}

/** A labelled money field with its hint and error beside it. */
export function MoneyField({ label, error, hint, className, ...props }: Props & { label: ReactNode; error?: string; hint?: ReactNode }) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => <MoneyInput {...props} {...p} />}
    </Field>
  );
}
