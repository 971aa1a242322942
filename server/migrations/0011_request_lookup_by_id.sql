-- Requests are opened by id alone (the URL carries no street): without this, every detail and every action
-- scanned the table (found by bench P1/P2 at 500,000 requests).
create index requests_id on requests (id);
