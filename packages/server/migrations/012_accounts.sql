-- Self-service password reset (issue 9): a person who forgot their password asks for a link by
-- e-mail. Only a hash of the link's token is kept; it works once, until it expires, and a newer
-- request replaces it.
create table password_resets (
  id integer generated always as identity primary key,
  user_id integer not null references users(id) on delete cascade,
  token_hash text not null unique,            -- sha256 of the token
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  ip text
);
create index password_resets_user on password_resets (user_id, id);

-- Every request for a reset link, for the rate limits: per client address, and per e-mail (a
-- sha256 of it, lowercase, so the table does not collect the e-mails people typed). Pruned.
create table password_reset_requests (
  id integer generated always as identity primary key,
  address text not null,
  email_hash text not null,
  at timestamptz not null default now()
);
create index password_reset_requests_address on password_reset_requests (address, at);
create index password_reset_requests_email on password_reset_requests (email_hash, at);

-- The audit page filters by who did it and when.
create index audit_events_org_at on audit_events (organization_id, at);
