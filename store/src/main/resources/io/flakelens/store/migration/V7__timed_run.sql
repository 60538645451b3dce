-- When a run happened, defined once: its start as the CI reported it, else when it was stored.
-- Every window, order and listing reads ran_at from this view rather than spelling the rule out.
-- (PostgreSQL fixes the view's columns when it is created: a later migration that adds a column to
-- run drops and recreates this view.)
create view timed_run as
select run.*, coalesce(run.started_at, run.ingested_at) as ran_at from run;
