/**
 * The intake endpoints: the formats monitoring tools already send, each authenticated by an
 * intake key (Bearer, or PagerDuty's `routing_key`) or a heartbeat push token. Every accepted
 * alert is committed, together with a re-projection job, before the 2xx.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import { sha256 } from "../accounts/authenticator.js";
import { Problem } from "../core/problem.js";
import type { Services } from "../core/services.js";
import { JobQueue } from "../incidents/job-queue.js";
import { IntakeBatch } from "./intake-batch.js";
import { checkGrafanaSignature } from "./intake-gate.js";
import type { IntakeKey, StoredAlert } from "./intake-repository.js";
import { mapAlert } from "./mapping.js";
import { IntakeError, parseJSON, readAlertGroup, readCloudEvents, readPagerDutyEvent, type IncomingAlert, type SignalSource } from "./payloads.js";

/** Intake bodies may be larger than other requests (an Alertmanager group of many alerts). */
export const INTAKE_BODY_LIMIT = 5 * 1024 * 1024;
const UNMAPPED_SHOWN = 20;
export const intakeRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, intake, intakeGate, jobs, reprojectionPace } = services;
  // the requests of a few milliseconds share one transaction; each is answered after it commits.
  // The re-projection it enqueues is due later (paced), so the queue's own poll finds it: waking
  // the queue after every commit would only add a claim query per batch under a storm.
  const batch = new IntakeBatch(db, intake, (organizationId) => reprojectionPace.next(organizationId));
  app.addHook("onClose", async () => batch.idle());

  // the raw bytes are needed for signatures and for CloudEvents' binary mode: parse here, not in Fastify
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: INTAKE_BODY_LIMIT }, (_request, body, done) => done(null, body));

  const invalid = (e: unknown) => {
    if (e instanceof IntakeError) {
      return new Problem(400, "invalid-alert", "The alert payload is not valid", e.message, [{ field: e.field, message: e.message, hint: e.hint }]);
    }
    return e;
  };

  async function accept(key: IntakeKey, source: SignalSource, alerts: IncomingAlert[]) {
    const rules = await intakeGate.rulesOf(key.organizationId);
    const stored: StoredAlert[] = alerts.map((a) => ({ ...a, ...mapAlert(rules, source, a.labels, a.defaultLabel) }));
    const counts = await batch.store({ organizationId: key.organizationId, source, alerts: stored, exercise: key.exercise });
    const unmapped = stored.filter((a) => a.status === "firing" && !a.components.length).map((a) => a.dedupKey);
    return {
      accepted: alerts.length,
      ...counts,
      exercise: key.exercise,
      unmapped: { count: unmapped.length, first: unmapped.slice(0, UNMAPPED_SHOWN), more: Math.max(0, unmapped.length - UNMAPPED_SHOWN) },
    };
  }

  const body = (request: FastifyRequest): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
  const config = { access: "intake" as const };
  const tags = ["intake"];

  app.post("/intake/alertmanager", { config, bodyLimit: INTAKE_BODY_LIMIT, schema: { tags, summary: "Prometheus Alertmanager webhook (version 4); Bearer intake key" } }, async (request, reply) => {
    const key = await intakeGate.key(intakeGate.bearer(request.headers.authorization));
    let alerts: IncomingAlert[];
    try {
      alerts = readAlertGroup(parseJSON(body(request), "body"), "alertmanager", new Date());
    } catch (e) {
      throw invalid(e);
    }
    return reply.code(202).send(await accept(key, "alertmanager", alerts));
  });

  app.post("/intake/grafana", { config, bodyLimit: INTAKE_BODY_LIMIT, schema: { tags, summary: "Grafana alerting webhook; Bearer intake key, and the HMAC signature when the key has a secret" } }, async (request, reply) => {
    const key = await intakeGate.key(intakeGate.bearer(request.headers.authorization));
    const raw = body(request);
    if (key.hmacSecret) {
      const header = (name: string) => {
        const v = request.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      checkGrafanaSignature(key.hmacSecret, raw, header("x-grafana-alerting-signature"), header("x-grafana-alerting-timestamp"), Date.now());
    }
    let alerts: IncomingAlert[];
    try {
      alerts = readAlertGroup(parseJSON(raw, "body"), "grafana", new Date());
    } catch (e) {
      throw invalid(e);
    }
    return reply.code(202).send(await accept(key, "grafana", alerts));
  });

  app.post("/intake/pagerduty/v2/enqueue", { config, schema: { tags, summary: "PagerDuty Events API v2: routing_key is the intake key; answers 202 as PagerDuty does" } }, async (request, reply) => {
    let parsed: unknown;
    try {
      parsed = parseJSON(body(request), "body");
    } catch (e) {
      throw invalid(e);
    }
    const routingKey = typeof parsed === "object" && parsed !== null ? (parsed as { routing_key?: unknown }).routing_key : undefined;
    if (typeof routingKey !== "string" || !routingKey) {
      throw new Problem(400, "invalid-alert", "The event is not valid", "routing_key is required: the intake key", [{ field: "routing_key", message: "routing_key is required" }]);
    }
    const key = await intakeGate.key(routingKey);
    let alert: IncomingAlert;
    try {
      alert = readPagerDutyEvent(parsed, new Date(), () => randomUUID().replaceAll("-", ""));
    } catch (e) {
      throw invalid(e);
    }
    await accept(key, "pagerduty", [alert]);
    return reply.code(202).send({ status: "success", message: "Event processed", dedup_key: alert.dedupKey });
  });

  app.post("/intake/cloudevents", { config, bodyLimit: INTAKE_BODY_LIMIT, schema: { tags, summary: "CloudEvents 1.0 over HTTP, binary or structured mode; Bearer intake key" } }, async (request, reply) => {
    const key = await intakeGate.key(intakeGate.bearer(request.headers.authorization));
    let alerts: IncomingAlert[];
    try {
      alerts = readCloudEvents(request.headers["content-type"] ?? "", request.headers, body(request), new Date());
    } catch (e) {
      throw invalid(e);
    }
    return reply.code(202).send(await accept(key, "cloudevents", alerts));
  });

  // heartbeats, like Uptime Kuma's push monitors: the token is the address
  const push = async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = request.params as { token: string };
    const query = request.query as { status?: string; msg?: string; ping?: string };
    const status = query.status ?? "up";
    if (status !== "up" && status !== "down") {
      throw new Problem(400, "invalid-heartbeat", "Invalid heartbeat", 'status must be "up" or "down"', [{ field: "status", message: 'must be "up" or "down"' }]);
    }
    if (query.ping !== undefined && query.ping !== "" && !Number.isFinite(Number(query.ping))) {
      throw new Problem(400, "invalid-heartbeat", "Invalid heartbeat", "ping must be a number of milliseconds", [{ field: "ping", message: "must be a number" }]);
    }
    const monitor = token.length <= 200 ? await intake.heartbeatByHash(db, sha256(token)) : undefined;
    if (!monitor) throw new Problem(404, "not-found", "Not found", "no heartbeat monitor has this push token (it was revoked, or is mistyped)", [{ field: "token", message: "unknown push token" }]);
    const message = (query.msg ?? "").slice(0, 500) || null;
    await db.transaction(async (tx) => {
      const was = await intake.beat(tx, monitor.id, status, message);
      const alert: StoredAlert = {
        dedupKey: `heartbeat:${monitor.id}`,
        status: status === "down" ? "firing" : "resolved",
        summary: status === "down" ? `${monitor.name}: down${message ? ` (${message})` : ""}` : `${monitor.name}: up`,
        labels: { monitor: monitor.name, component: monitor.component },
        defaultLabel: "component",
        startedAt: new Date(),
        endedAt: status === "down" ? null : new Date(),
        raw: JSON.stringify({ status, msg: message, ping: query.ping ?? null }),
        components: [monitor.component],
        rule: null,
      };
      if (status === "down" || was === "down") {
        await intake.storeAlerts(tx, monitor.organizationId, "heartbeat", [alert], monitor.exercise);
        await JobQueue.enqueue(tx, { kind: "reproject", key: `reproject:${monitor.organizationId}`, payload: { organizationId: monitor.organizationId } });
      }
      // the next beat is due within the interval; the check after it says whether it came
      await JobQueue.enqueue(tx, {
        kind: "heartbeat-check",
        key: `heartbeat:${monitor.id}`,
        payload: { heartbeatId: monitor.id },
        runAt: new Date(Date.now() + monitor.intervalSeconds * 1000),
        replaceRunAt: true,
      });
    });
    jobs.wake();
    return reply.code(200).send({ ok: true });
  };
  const pushSchema = { tags, summary: "Heartbeat push (like Uptime Kuma): ?status=up|down&msg=&ping=; a missed heartbeat after its interval is a failure" };
  app.get("/intake/push/:token", { config, schema: pushSchema }, push);
  app.post("/intake/push/:token", { config, schema: pushSchema }, push);
};
