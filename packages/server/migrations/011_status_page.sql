-- The public status page (issue 12 item 5): whether an organization's page is published, the
-- updates responders post (investigating → identified → monitoring → resolved), subscriptions by
-- e-mail and webhook with double opt-in, and one row per notice sent to a subscriber.
-- What happens is records: every row has a time, an organization and (where a person acted) an author.

create table status_pages (
  organization_id integer primary key references organizations(id) on delete cascade,
  published boolean not null default false,
  changed_by text not null,
  changed_at timestamptz not null default now()
);

create table status_updates (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  thread integer,                              -- the first update of its thread (null: this one starts a thread)
  incident_id integer references incidents(id) on delete set null,
  phase text not null check (phase in ('investigating', 'identified', 'monitoring', 'resolved')),
  title text not null,                         -- JSON: { en?, ko? }
  message text not null,                       -- JSON: { en?, ko? }
  services text not null default '[]',         -- JSON array: [{ id, state }] as the responder declares them
  exercise boolean not null default false,     -- a drill: shown and sent as EXERCISE / 훈련, never changes a service's state
  author_user integer references users(id) on delete set null,
  author_name text not null,
  at timestamptz not null default now()
);
create index status_updates_org on status_updates (organization_id, at desc);

create table status_subscriptions (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  channel text not null check (channel in ('email', 'webhook')),
  address text not null,                       -- an e-mail address or an http(s) URL
  services text not null default '[]',         -- JSON array of service ids; empty: every service
  lang text not null default 'en' check (lang in ('en', 'ko')),
  confirm_hash text not null unique,           -- sha256 of the opt-in token sent to the address
  unsubscribe_token text not null unique,      -- in the unsubscribe link of every notice (it can only unsubscribe)
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  unsubscribed_at timestamptz
);
create index status_subscriptions_org on status_subscriptions (organization_id, id);

-- One notice to one subscriber: an opt-in request or an update. E-mail notices wait here as
-- 'pending' for the outbox (communication); webhook notices are posted by the job queue.
create table status_notices (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  subscription_id integer not null references status_subscriptions(id) on delete cascade,
  update_id integer references status_updates(id) on delete cascade,
  kind text not null check (kind in ('confirm', 'update')),
  channel text not null check (channel in ('email', 'webhook')),
  address text not null,
  subject text not null,
  body text not null,                          -- the text of an e-mail; the JSON of a webhook
  exercise boolean not null default false,
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (subscription_id, update_id)
);
create index status_notices_pending on status_notices (channel, state) where state = 'pending';

-- The demo organization's page is published out of the box (also on a server that loaded it before).
insert into status_pages (organization_id, published, changed_by)
select o.id, true, 'Continuum (demo)' from settings s join organizations o on o.slug = s.value where s.key = 'demo_organization';
