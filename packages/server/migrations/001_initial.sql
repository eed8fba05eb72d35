-- Continuum schema, version 1. Runs unchanged on PGlite and PostgreSQL (15+).
-- Ids are integers (identity); time is timestamptz; documents in the model's file format are kept
-- as JSON text (not jsonb) so that key order, and therefore export, round-trips exactly.

create table settings (
  key text primary key,
  value text not null
);

create table users (
  id integer generated always as identity primary key,
  email text not null unique,                 -- stored lowercase
  name text not null,
  password_hash text not null,                -- argon2id, PHC string
  is_admin boolean not null default false,    -- may create organizations
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);

create table organizations (
  id integer generated always as identity primary key,
  slug text not null unique,
  name text not null,
  created_at timestamptz not null default now(),
  current_revision integer not null default 0
);

create table memberships (
  organization_id integer not null references organizations(id) on delete cascade,
  user_id integer not null references users(id) on delete cascade,
  role text not null check (role in ('admin', 'editor', 'responder', 'viewer', 'auditor')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id_hash text primary key,                   -- sha256 of the cookie value; the value itself is never stored
  user_id integer not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  name text not null,
  token_hash text not null unique,            -- sha256 of the token; the token is shown once
  prefix text not null,                       -- first characters, to recognise a token in a list
  scopes text not null,                       -- JSON array: ["model:read", "model:write"]
  created_by integer references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_org on api_tokens (organization_id);

-- Document control: every change of an organization's model is a revision.
create table revisions (
  organization_id integer not null references organizations(id) on delete cascade,
  number integer not null,
  kind text not null,                         -- import | edit | restore | scenario | demo
  author_user_id integer references users(id) on delete set null,
  author_name text not null,
  author_email text,
  author_token text,                          -- name of the API token, when made by one
  created_at timestamptz not null default now(),
  comment text not null,
  summary text not null,                      -- JSON counts of what changed
  header text not null,                       -- JSON: the model's top-level keys (components and plans as null placeholders)
  restored_from integer,
  primary key (organization_id, number)
);

-- Versioned rows: a row is the state of one element from revision rev_from (inclusive) to rev_to
-- (exclusive; null = still current). A change closes the row and opens a new one.
create table components (
  row_id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  id text not null,
  rev_from integer not null,
  rev_to integer,
  position double precision not null,
  name text,
  kind text,
  site text,
  owner text,
  tier integer,
  restart_minutes double precision,
  rto_minutes double precision,
  rpo_minutes double precision,
  mtpd_minutes double precision,
  mbco text,
  standby boolean not null default false,
  document text not null                      -- the component as written (file format, JSON)
);
create index components_history on components (organization_id, id, rev_from);
create index components_current on components (organization_id, position) where rev_to is null;
create index components_changes on components (organization_id, rev_from);
create index components_closed on components (organization_id, rev_to);

create table dependencies (
  component_row integer not null references components(row_id) on delete cascade,
  position integer not null,
  target text,                                -- a hard dependency (or the site)
  group_name text,                            -- a redundancy group
  members text,                               -- JSON array of component ids
  need integer,
  mode text,                                  -- active-active | active-passive | site
  failover text,                              -- minutes, or "manual"
  primary key (component_row, position)
);
create index dependencies_target on dependencies (target);

create table impacts (
  component_row integer not null references components(row_id) on delete cascade,
  position integer not null,
  from_minutes double precision not null,
  per_hour double precision,
  once double precision,
  category text,
  primary key (component_row, position)
);

create table plans (
  row_id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  id text not null,
  rev_from integer not null,
  rev_to integer,
  position double precision not null,
  name text,
  kind text,
  owner text,
  document text not null
);
create index plans_history on plans (organization_id, id, rev_from);
create index plans_changes on plans (organization_id, rev_from);
create index plans_closed on plans (organization_id, rev_to);

create table scenarios (
  row_id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  id text not null,                           -- the scenario's name (`scenario:`)
  rev_from integer not null,
  rev_to integer,
  position double precision not null,
  horizon_minutes double precision,
  document text not null
);
create index scenarios_history on scenarios (organization_id, id, rev_from);
create index scenarios_changes on scenarios (organization_id, rev_from);
create index scenarios_closed on scenarios (organization_id, rev_to);

-- Who did what, for auditors (logins, members, tokens, imports).
create table audit_events (
  id integer generated always as identity primary key,
  organization_id integer references organizations(id) on delete cascade,
  user_id integer references users(id) on delete set null,
  actor text not null,
  action text not null,
  detail text not null default '{}',
  ip text,
  at timestamptz not null default now()
);
create index audit_events_org on audit_events (organization_id, id);
