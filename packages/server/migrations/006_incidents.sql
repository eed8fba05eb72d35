-- Early warning and incident command (issue 11): intake keys, signals, mapping rules, heartbeats,
-- incidents with their roles, tasks, decisions and timeline, nonconformities, and a job queue.
-- What happens is records: every row has a time, an organization, and (where a person acted) an author.

-- Keys that senders (Alertmanager, Grafana, PagerDuty-style, CloudEvents) present; shown once, stored hashed.
create table intake_keys (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  name text not null,
  key_hash text not null unique,              -- sha256 of the key
  prefix text not null,
  hmac_secret text,                           -- Grafana's HMAC secret (a shared secret: kept to verify signatures)
  exercise boolean not null default false,    -- every signal through this key is a drill
  created_by integer references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index intake_keys_org on intake_keys (organization_id);

-- Rules that map an alert's labels or source to components, tried in position order.
create table intake_rules (
  organization_id integer not null references organizations(id) on delete cascade,
  position integer not null,
  rule text not null,                         -- JSON: { name, source?, match?, matchRe?, components }
  primary key (organization_id, position)
);

-- Heartbeat monitors (Uptime Kuma-style push): a missed heartbeat after its interval is a failure.
create table heartbeats (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  component text not null,
  interval_seconds integer not null check (interval_seconds between 1 and 86400),
  exercise boolean not null default false,
  state text not null default 'pending' check (state in ('pending', 'up', 'down')),
  last_seen_at timestamptz,
  last_message text,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index heartbeats_org on heartbeats (organization_id);

-- A signal: one alert from one source, deduplicated by its key while open.
create table signals (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  source text not null,                       -- alertmanager | grafana | pagerduty | cloudevents | heartbeat
  dedup_key text not null,
  summary text not null default '',
  labels text not null default '{}',          -- JSON: the attributes the mapping rules match on
  components text not null default '[]',      -- JSON array: the components it marks down
  rule text,                                  -- the mapping rule that matched (null: the default mapping)
  started_at timestamptz not null,
  ended_at timestamptz,
  acknowledged_at timestamptz,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  raw text not null,                          -- the payload as received (bounded in size)
  exercise boolean not null default false,
  incident_id integer
);
create unique index signals_open on signals (organization_id, source, dedup_key) where ended_at is null;
create index signals_org on signals (organization_id, id);
create index signals_incident on signals (incident_id);

create table incidents (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  number integer not null,
  title text not null,
  severity text not null check (severity in ('sev1', 'sev2', 'sev3', 'sev4')),
  status text not null default 'open' check (status in ('open', 'stood-down')),
  exercise boolean not null default false,
  root_component text,
  declared_by_rule text,                      -- the rule that opened it (null: declared by a person)
  declared_by_user integer references users(id) on delete set null,
  declared_by_name text not null,
  opened_at timestamptz not null default now(),
  stood_down_at timestamptz,
  stood_down_by text,
  stand_down_reason text,
  components text not null default '[]',      -- JSON array: components declared down by hand
  snapshot text,                              -- JSON: the business clock at stand-down
  review text,                                -- JSON: the post-incident review
  unique (organization_id, number)
);
create index incidents_org on incidents (organization_id, id);

-- Incident roles, filled by a member (later also from a plan's teams and alternates), acknowledged.
create table incident_roles (
  incident_id integer not null references incidents(id) on delete cascade,
  role text not null check (role in ('commander', 'deputy', 'communications', 'scribe', 'operations')),
  user_id integer references users(id) on delete set null,
  user_name text not null,
  team text,                                  -- the plan team the person was taken from (issue 10)
  assigned_by text not null,
  assigned_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  exercise boolean not null default false,
  primary key (incident_id, role)
);

create table incident_tasks (
  id integer generated always as identity primary key,
  incident_id integer not null references incidents(id) on delete cascade,
  plan text not null,
  step text not null,
  name text not null,
  owner text,
  due_at timestamptz,
  waiting_for text not null default '[]',     -- JSON array of component ids
  done_at timestamptz,
  done_by text,
  exercise boolean not null default false,
  unique (incident_id, plan, step)
);

create table incident_decisions (
  id integer generated always as identity primary key,
  incident_id integer not null references incidents(id) on delete cascade,
  decided_by_user integer references users(id) on delete set null,
  decided_by text not null,
  decision text not null,
  options text not null default '[]',         -- JSON array of strings
  rationale text not null default '',
  at timestamptz not null default now(),
  exercise boolean not null default false
);
create index incident_decisions_incident on incident_decisions (incident_id, id);

create table incident_timeline (
  id bigint generated always as identity primary key,
  incident_id integer not null references incidents(id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null,
  text text not null,
  actor text not null,
  exercise boolean not null default false
);
create index incident_timeline_incident on incident_timeline (incident_id, id);

-- Nonconformities raised by a post-incident review (ISO 22301 10.1).
create table nonconformities (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  incident_id integer references incidents(id) on delete set null,
  title text not null,
  description text not null default '',
  raised_by text not null,
  raised_at timestamptz not null default now(),
  exercise boolean not null default false
);
create index nonconformities_org on nonconformities (organization_id, id);

-- The job queue (heartbeat misses, re-projection): claimed with FOR UPDATE SKIP LOCKED, so several
-- servers on one PostgreSQL never run a job twice; on PGlite the one process runs them all.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  key text unique,                            -- at most one pending job per key (e.g. one re-projection per organization)
  payload text not null default '{}',
  run_at timestamptz not null default now(),
  locked_until timestamptz,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now()
);
create index jobs_due on jobs (run_at);
