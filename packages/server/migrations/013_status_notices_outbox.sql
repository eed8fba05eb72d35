-- E-mail notices of the status page are handed to the communication outbox (010), which retries
-- and records delivery per recipient; the notice row then says `queued` and names the outbox row.
alter table status_notices drop constraint status_notices_state_check;
alter table status_notices add constraint status_notices_state_check check (state in ('pending', 'queued', 'sent', 'failed'));
