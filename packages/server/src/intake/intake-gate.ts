/**
 * Who may send alerts: intake keys (`cik_…`, stored hashed, answered once) and heartbeat push
 * tokens, looked up by hash and kept in memory for a few seconds, with each organization's
 * mapping rules. Revoking a key clears the cache in this process at once.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomToken, sha256 } from "../accounts/authenticator.js";
import { Problem } from "../core/problem.js";
import type { Database } from "../storage/database.js";
import type { MappingRule } from "./mapping.js";
import type { IntakeKey, IntakeRepository } from "./intake-repository.js";

export const INTAKE_KEY_PREFIX = "cik_";
export const PUSH_TOKEN_PREFIX = "cph_";
const KEEP_MS = 5_000;
/** A signed Grafana request older (or newer) than this is a replay. */
export const SIGNATURE_TOLERANCE_S = 300;

export const newIntakeKey = () => INTAKE_KEY_PREFIX + randomToken(24);
export const newPushToken = () => PUSH_TOKEN_PREFIX + randomToken(18);

export const badKey = (detail: string) =>
  new Problem(401, "unauthorized", "Not a valid intake key", detail, undefined, { "www-authenticate": 'Bearer realm="continuum-intake"' });

export class IntakeGate {
  private readonly keys = new Map<string, { key: IntakeKey | null; at: number }>();
  private readonly rules = new Map<number, { rules: MappingRule[]; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly repository: IntakeRepository,
  ) {}

  async key(secret: string | undefined): Promise<IntakeKey> {
    if (!secret) throw badKey("send the intake key as `Authorization: Bearer cik_…` (made by an organization admin: POST /api/v1/orgs/:org/intake-keys)");
    if (!secret.startsWith(INTAKE_KEY_PREFIX) || secret.length > 200) throw badKey("this is not an intake key (they start with cik_)");
    const hash = sha256(secret);
    const hit = this.keys.get(hash);
    let key = hit && Date.now() - hit.at < KEEP_MS ? hit.key : undefined;
    if (key === undefined) {
      key = (await this.repository.keyByHash(this.db, hash)) ?? null;
      this.keys.set(hash, { key, at: Date.now() });
      if (key && (!key.lastUsedAt || Date.now() - Date.parse(key.lastUsedAt) > 60_000)) {
        key.lastUsedAt = new Date().toISOString();
        void this.repository.touchKey(this.db, key.id).catch(() => undefined);
      }
    }
    if (!key) throw badKey("the intake key is not valid: it was revoked, or is mistyped");
    return key;
  }

  bearer(authorization: string | undefined): string | undefined {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    return m?.[1];
  }

  async rulesOf(organizationId: number): Promise<MappingRule[]> {
    const hit = this.rules.get(organizationId);
    if (hit && Date.now() - hit.at < KEEP_MS) return hit.rules;
    const rules = await this.repository.rules(this.db, organizationId);
    this.rules.set(organizationId, { rules, at: Date.now() });
    return rules;
  }

  invalidate(): void {
    this.keys.clear();
    this.rules.clear();
  }
}

/**
 * Grafana's HMAC signature: hex HMAC-SHA256 with the shared secret of `timestamp + ":" + body`
 * when Grafana sends a timestamp header, else of the body alone.
 */
export function checkGrafanaSignature(secret: string, body: Buffer, signature: string | undefined, timestamp: string | undefined, nowMs: number): void {
  if (!signature) throw badKey("this intake key has an HMAC secret: send the X-Grafana-Alerting-Signature header (set the secret in the contact point's HMAC settings)");
  const mac = createHmac("sha256", secret);
  if (timestamp !== undefined) {
    const ts = Number(timestamp);
    if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > SIGNATURE_TOLERANCE_S) throw badKey(`the signature timestamp is more than ${SIGNATURE_TOLERANCE_S} s away from now (a replay, or a clock out of step)`);
    mac.update(`${timestamp}:`);
  }
  const expected = mac.update(body).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature.trim(), "hex");
  } catch {
    given = Buffer.alloc(0);
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badKey("the X-Grafana-Alerting-Signature does not match the body and the key's HMAC secret");
}
