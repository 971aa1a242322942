-- Notifications from any module (a claimed wish, a course's waiting list, the morning brief), not only request
-- steps: such a row has no request, carries its own text in both languages and a link into the app.
alter table notifications
  alter column request_id drop not null,
  alter column public_no drop not null,
  alter column event_id drop not null,
  add column text jsonb,
  add column link text check (link is null or (link like '/%' and length(link) <= 300)),
  add constraint notifications_request_or_text check (
    (request_id is not null and public_no is not null and event_id is not null)
    or (text ? 'zh-CN' and text ? 'en-US')
  );
