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

/** Short form for tables and charts: 1.2B KRW, 350M KRW. */
export function formatMoneyShort(amount: number, currency = "KRW"): string {
  const abs = Math.abs(amount);
  const units: Array<[number, string]> = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${trim(amount / size)}${suffix} ${currency}`;
  }
  return `${trim(amount)} ${currency}`;
}

function trim(x: number): string {
  const fixed = x.toFixed(Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
