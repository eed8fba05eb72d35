-- Plan documents' approval (issue 10, ISO 22301 8.4.4): submitted for review, approved, or sent
-- back. The plan itself is the model (versioned revisions); what people did with it is records.
-- Each event names the plan's content it was about (SHA-256 of the plan as stored) and the
-- revision it was read in: an edit changes the content, so the plan is a draft again, while the
-- history of who submitted and approved what, and when, stays.
create table plan_approvals (
  id bigint generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  plan_id text not null,
  action text not null check (action in ('submit', 'approve', 'return')),
  content_hash text not null,
  revision integer not null,
  actor_user_id integer references users(id) on delete set null,
  actor_name text not null,
  actor_email text,
  actor_role text,                            -- the role the person acted in (an approval names it)
  comment text not null default '',
  created_at timestamptz not null default now()
);
create index plan_approvals_plan on plan_approvals (organization_id, plan_id, id);
