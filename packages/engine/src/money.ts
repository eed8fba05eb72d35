/** Money is a plain number in the model's currency; this only formats it for people. */

const ZERO_DECIMAL = new Set(["KRW", "JPY", "VND", "CLP", "ISK", "HUF", "TWD"]);

export function formatMoney(amount: number, currency = "KRW", locale = "en-US"): string {
  const digits = ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString(locale, { maximumFractionDigits: digits })} ${currency}`;
  }
}

