-- Management reviews (ISO 22301 9.3): a record that someone reviewed the model at a revision.
create table reviews (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id) on delete cascade,
  revision integer not null,
  author_user_id integer references users(id) on delete set null,
  author_name text not null,
  author_email text,
  author_token text,
  comment text not null,
  created_at timestamptz not null default now()
);
create index reviews_org on reviews (organization_id, id);
