-- A notification whose delivery failed is tried again (engine/src/orrery/notifications/delivery.py).
--
-- Until now each notification was sent once: a user's server down for a minute, or an SMTP relay
-- refusing for a moment, lost the notice outside the inbox for good. Now a failed delivery is
-- tried again after 30 s, 2 min, 8 min, 32 min and about 2 h (six attempts in all, and never for a
-- notification over a day old), a permanent refusal (a 4xx other than 408/429) is not retried, and
-- a channel that took it (the webhook, the email) is not sent it again when the other one failed.
-- The inbox shows where each delivery stands.
--
--   next_delivery_at   when an attempt is due: a new notification's is its creation; null once
--                      delivered or given up (the sender looks only at due ones)
--   delivery_attempts  how many times delivery was tried (0: not yet)
--   delivery_error     the last attempt's failure, as the user should read it (null: none)
--   sent_to            the channels that took it ('webhook', 'email')
--
-- The sender finds due notifications as `orrery_sweeper`, which now reads when each is due
-- (never its content), and updates them as their owner (RLS), as before.

alter table public.notifications
  add column delivery_attempts integer not null default 0 check (delivery_attempts between 0 and 100),
  add column next_delivery_at timestamptz default now(),
  add column delivery_error text check (char_length(delivery_error) <= 1000),
  add column sent_to text[] not null default '{}'
    check (sent_to <@ array['webhook', 'email']::text[]);

comment on column public.notifications.delivery_attempts is 'How many times its delivery was tried (0: not yet).';
comment on column public.notifications.next_delivery_at is
  'When its delivery is due (its creation, then a retry''s time); null once delivered or given up.';
comment on column public.notifications.delivery_error is 'Why the last delivery attempt failed (null: it did not).';
comment on column public.notifications.sent_to is 'The channels that took it: ''webhook'', ''email''.';

grant update (delivery_attempts, next_delivery_at, delivery_error, sent_to) on public.notifications to authenticated;
grant select (next_delivery_at) on public.notifications to orrery_sweeper;

update public.notifications set next_delivery_at = null where delivered_at is not null;

drop index public.notifications_undelivered_idx;
create index notifications_due_idx on public.notifications (next_delivery_at) where delivered_at is null;
