/**
 * A public warning as a CAP 1.2 alert (OASIS Common Alerting Protocol 1.2): the structure checked
 * against the standard's required elements and value lists, then written as XML. Pure. A drill's
 * alert has `status` Exercise (CAP's own word for it), never Actual.
 */

export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
export const CAP_STATUS = ["Actual", "Exercise", "System", "Test", "Draft"] as const;
export const CAP_MSG_TYPE = ["Alert", "Update", "Cancel", "Ack", "Error"] as const;
export const CAP_SCOPE = ["Public", "Restricted", "Private"] as const;
export const CAP_CATEGORY = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"] as const;
export const CAP_URGENCY = ["Immediate", "Expected", "Future", "Past", "Unknown"] as const;
export const CAP_SEVERITY = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"] as const;
export const CAP_CERTAINTY = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"] as const;

export interface CapArea {
  areaDesc: string;
}

export interface CapInfo {
  language: string;
  category: Array<(typeof CAP_CATEGORY)[number]>;
  event: string;
  urgency: (typeof CAP_URGENCY)[number];
  severity: (typeof CAP_SEVERITY)[number];
  certainty: (typeof CAP_CERTAINTY)[number];
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  contact?: string;
  web?: string;
  area: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** date and time with a zone offset, no fractions: 2022-10-15T15:33:00+09:00 */
  sent: string;
  status: (typeof CAP_STATUS)[number];
  msgType: (typeof CAP_MSG_TYPE)[number];
  scope: (typeof CAP_SCOPE)[number];
  note?: string;
  info: CapInfo[];
}

/** CAP's dateTime: no fractional seconds, an explicit offset (CAP 1.2 section 3.3.2; "Z" is not allowed). */
const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
/** identifier and sender: no spaces, commas or restricted characters (< and &) */
const CAP_TOKEN = /^[^\s,<&]+$/;

/** What is wrong with an alert, one line per element (empty: it conforms to the CAP 1.2 structure). */
export function capProblems(alert: CapAlert): string[] {
  const problems: string[] = [];
  const oneOf = (where: string, value: unknown, values: readonly string[]) => {
    if (typeof value !== "string" || !values.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
  };
  const required = (where: string, value: unknown) => {
    if (typeof value !== "string" || value.trim() === "") problems.push(`${where}: is required`);
  };
  required("identifier", alert.identifier);
  if (alert.identifier && !CAP_TOKEN.test(alert.identifier)) problems.push("identifier: must not contain spaces, commas, < or &");
  required("sender", alert.sender);
  if (alert.sender && !CAP_TOKEN.test(alert.sender)) problems.push("sender: must not contain spaces, commas, < or &");
  if (typeof alert.sent !== "string" || !CAP_TIME.test(alert.sent)) problems.push(`sent: ${JSON.stringify(alert.sent)} is not a CAP time (YYYY-MM-DDThh:mm:ss+hh:mm)`);
  oneOf("status", alert.status, CAP_STATUS);
  oneOf("msgType", alert.msgType, CAP_MSG_TYPE);
  oneOf("scope", alert.scope, CAP_SCOPE);
  if (!alert.info?.length) problems.push("info: a public warning needs at least one info block");
  (alert.info ?? []).forEach((info, i) => {
    const at = `info[${i}]`;
    if (!info.category?.length) problems.push(`${at}.category: at least one is required`);
    for (const c of info.category ?? []) oneOf(`${at}.category`, c, CAP_CATEGORY);
    required(`${at}.event`, info.event);
    oneOf(`${at}.urgency`, info.urgency, CAP_URGENCY);
    oneOf(`${at}.severity`, info.severity, CAP_SEVERITY);
    oneOf(`${at}.certainty`, info.certainty, CAP_CERTAINTY);
    if (!info.area?.length) problems.push(`${at}.area: a public warning names its area`);
    (info.area ?? []).forEach((a, j) => required(`${at}.area[${j}].areaDesc`, a.areaDesc));
  });
  return problems;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const element = (name: string, value: string | undefined, indent: string) => (value === undefined || value === "" ? "" : `${indent}<${name}>${escape(value)}</${name}>\n`);

/** The alert as CAP 1.2 XML, in the order the standard's schema requires. Throws on a structure that does not conform. */
export function capXml(alert: CapAlert): string {
  const problems = capProblems(alert);
  if (problems.length) throw new Error(`not a CAP 1.2 alert: ${problems.join("; ")}`);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">\n`;
  for (const k of ["identifier", "sender", "sent", "status", "msgType", "scope"] as const) xml += element(k, alert[k], "  ");
  xml += element("note", alert.note, "  ");
  for (const info of alert.info) {
    xml += "  <info>\n";
    xml += element("language", info.language, "    ");
    for (const c of info.category) xml += element("category", c, "    ");
    xml += element("event", info.event, "    ");
    for (const k of ["urgency", "severity", "certainty", "senderName", "headline", "description", "instruction", "web", "contact"] as const) xml += element(k, info[k], "    ");
    for (const a of info.area) xml += `    <area>\n${element("areaDesc", a.areaDesc, "      ")}    </area>\n`;
    xml += "  </info>\n";
  }
  return `${xml}</alert>\n`;
}

/** A time as CAP writes it, in the given offset (minutes east of UTC; Korea is +540). */
export function capTime(ms: number, offsetMinutes = 540): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
