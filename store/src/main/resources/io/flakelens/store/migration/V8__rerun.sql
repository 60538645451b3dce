-- A rerun of old code that a rerun plan asked for, to find the commit where a test changed. It feeds
-- the next plan like any main-line run of its revision, but it neither places that revision in
-- commit order (it ran long after the commit landed) nor counts as a flake occurrence (nobody's CI
-- was held up by it). Null for every run stored before: none of them was a rerun.
alter table run add column rerun boolean;

-- timed_run names run's columns as they were when it was created (PostgreSQL fixes them): recreate it.
drop view timed_run;
create view timed_run as
select run.*, coalesce(run.started_at, run.ingested_at) as ran_at from run;
