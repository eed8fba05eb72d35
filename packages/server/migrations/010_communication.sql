-- Crisis communication (issue 12) and the contact directory (issue 10 item 1). What is planned
-- (stakeholder groups, templates, clock rules) is the model; what happens is here, as records:
-- contact details, every message per recipient per channel (the outbox), acknowledgement
-- requests of call trees, and deadline clocks marked done. Drills are marked `exercise`.

-- People's contact details, linked to the model by the person's component id (never model text).
create table contacts (
  organization_id integer not null references organizations(id) on delete cascade,
  person text not null,                       -- the person's component id in the model
  name text,
  emails text not null default '[]',          -- JSON array
  phones text not null default '[]',          -- JSON array, E.164-like digits
  languages text not null default '[]',       -- JSON array: ko, en …
  working_hours text,
  webhook text,                               -- a personal chat webhook (Slack or Teams format per group)
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, person)
);

-- The outbox: one row is one message to one recipient on one channel. The unique key makes a
-- retried send (after a crash, a double click, a re-run job) the same row, never a second message.
create table outbox (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  incident_id integer references incidents(id) on delete cascade,
  message_key text not null,                  -- which message (a send, a call-tree request …)
  recipient text not null,                    -- a person id, or the address of a list member
  channel text not null check (channel in ('email', 'slack', 'teams', 'sms', 'voice')),
  address text not null,
  language text not null default 'ko',
  subject text not null,
  body text not null,
  exercise boolean not null default false,
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  sent_at timestamptz,
  fallback text,                              -- JSON {channel, address}: the second channel after a failure
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (organization_id, message_key, recipient, channel)
);
create index outbox_due on outbox (next_attempt_at) where state = 'pending';
create index outbox_incident on outbox (incident_id, id);

-- A call tree's acknowledgement requests: one per person asked (an alternate is a new row).
create table call_requests (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  incident_id integer not null references incidents(id) on delete cascade,
  stakeholder text not null,                  -- the stakeholder group id
  person text not null,
  name text not null,
  alternate_for text,                         -- the person this one stands in for
  token_hash text not null unique,            -- sha256 of the acknowledgement token (single use)
  channels text not null default '[]',        -- JSON [{channel, address}]: in the order they are tried
  level integer not null default 0,           -- the channel reached so far; past the last: alternates asked
  timeout_seconds integer not null,
  requested_at timestamptz not null default now(),
  escalate_at timestamptz,                    -- null once acknowledged or nothing is left to try
  escalated_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_via text,
  exercise boolean not null default false,
  unique (incident_id, stakeholder, person)
);
create index call_requests_incident on call_requests (incident_id, id);
create index call_requests_due on call_requests (escalate_at) where escalate_at is not null;

-- Deadline clocks marked done (the notice was given, the press conference held).
create table deadline_marks (
  incident_id integer not null references incidents(id) on delete cascade,
  clock text not null,
  done_at timestamptz not null default now(),
  done_by text not null,
  exercise boolean not null default false,
  primary key (incident_id, clock)
);
