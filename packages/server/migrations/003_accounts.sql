-- Accounts across organizations (issue 7): invitations instead of accounts made by an admin,
-- sign-in limits shared by every process serving the database, and what an admin's reset implies.

-- An invitation to join an organization. Only a hash of its token is kept; the token is the
-- secret of the accept link. Single use (accepted_at), expiring, revocable.
create table invitations (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  email text not null,                        -- stored lowercase
  role text not null check (role in ('admin', 'editor', 'responder', 'viewer', 'auditor')),
  token_hash text not null unique,            -- sha256 of the token
  invited_by integer references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by integer references users(id) on delete set null,
  revoked_at timestamptz
);
create index invitations_org on invitations (organization_id, id);

-- Failed sign-ins (and attempts in flight), one row each, keyed `account:<e-mail>` or
-- `address:<ip>`. Rows older than the window are pruned.
create table login_failures (
  id integer generated always as identity primary key,
  key text not null,
  at timestamptz not null default now()
);
create index login_failures_key on login_failures (key, at);

-- Addresses from which an account signed in successfully: while an address is throttled for
-- too many failures, its known accounts may still sign in.
create table sign_in_addresses (
  user_id integer not null references users(id) on delete cascade,
  address text not null,
  last_at timestamptz not null default now(),
  primary key (user_id, address)
);

-- Set when an organization's administrator reset the password (they know it); cleared when the
-- person changes it. While set, the account cannot join another organization.
alter table users add column password_reset_by_admin boolean not null default false;

-- Sign-ins are recorded once per organization of the account (see /orgs/:org/sign-ins).
create index audit_events_org_action on audit_events (organization_id, action, id);
