-- Checks Continuum runs itself (issue 11, item 2). The checks are the model's `checks` section;
-- what happened is records: each run's result, and each check's streak of failures or successes
-- (which decides when its signal opens and closes).

create table check_results (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  check_id text not null,
  component text not null,
  revision integer,                            -- the model revision the check was read from
  started_at timestamptz not null,
  success boolean not null,
  response_time_ms integer not null,
  status_code integer,                         -- http
  error text,                                  -- why it could not connect or read
  conditions text not null default '[]'        -- JSON: [{condition, success, resolved}]
);
create index check_results_check on check_results (organization_id, check_id, id);

create table check_states (
  organization_id integer not null references organizations(id) on delete cascade,
  check_id text not null,
  state text not null default 'pending' check (state in ('pending', 'up', 'down')),
  failures integer not null default 0,         -- consecutive failures
  successes integer not null default 0,        -- consecutive successes
  streak_started_at timestamptz,               -- the first run of the current streak
  last_run_at timestamptz,
  primary key (organization_id, check_id)
);

-- Intake under a storm (issue 11, item 7): re-projection attaches new open signals to incidents
-- by their component set and reads each incident's open signals by component set; without these
-- both scan every signal, and a storm of 50,000 alerts made each re-projection slower than the
-- next one's interval.
create index signals_unattached on signals (organization_id, components) where ended_at is null and incident_id is null;
create index signals_open_by_incident on signals (incident_id, components, started_at) where ended_at is null and incident_id is not null;
