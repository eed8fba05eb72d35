-- The exercise runner (issue 10, ISO 22301 8.5, 8.6): runs of planned exercises, what happened in
-- them (a log of events: injects delivered, steps started and ended, notification, activation,
-- services back, decisions, findings) and the recovery evidence they measured.
-- What happens is records: every row has an organization, a time and an author, and every row is
-- marked as an exercise (the check keeps it so), so nothing here is ever mistaken for an incident.

create table exercise_runs (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  number integer not null,                     -- per organization: run #1, #2 …
  exercise_id text not null,                   -- the planned exercise of the model
  exercise_document text not null,             -- JSON: the exercise as the model had it at the start
  revision integer not null,                   -- the model revision it ran on (kept when plans change later)
  baseline text not null,                      -- JSON: the engine's prediction (steps, services, injects)
  speed integer not null check (speed between 1 and 3600),  -- exercise minutes per real minute
  shelf_life text not null,                    -- how long what it measured counts as evidence
  status text not null default 'running' check (status in ('running', 'finished')),
  started_at timestamptz not null default now(),
  started_by text not null,
  started_by_user integer references users(id) on delete set null,
  finished_at timestamptz,
  finished_by text,
  exercise boolean not null default true check (exercise),
  unique (organization_id, number)
);
create index exercise_runs_org on exercise_runs (organization_id, exercise_id);

-- The run's log; the run's state is a fold over it (exercises/run-state.ts). `minute` is
-- exercise time (real time since the start × the speed).
create table exercise_events (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  run_id integer not null references exercise_runs(id) on delete cascade,
  kind text not null check (kind in ('inject', 'notified', 'activated', 'step-start', 'step-end', 'recovered', 'decision', 'finding')),
  ref text,                                    -- inject number, plan/step, or service id
  minute double precision not null,
  data text not null default '{}',             -- JSON: a decision's options and rationale, a finding's text and steps
  actor text not null,
  actor_user integer references users(id) on delete set null,
  at timestamptz not null default now(),
  exercise boolean not null default true check (exercise)
);
create index exercise_events_run on exercise_events (run_id, id);

-- What a finished run measured: one row per service it exercised (minutes null: not recovered).
create table recovery_evidence (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  run_id integer not null references exercise_runs(id) on delete cascade,
  service text not null,
  minutes double precision,
  measured_on date not null,
  shelf_life text not null,
  exercise boolean not null default true check (exercise),
  unique (run_id, service)
);
create index recovery_evidence_org on recovery_evidence (organization_id, service);
