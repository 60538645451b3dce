-- What detection keeps between passes, so that a pass reads only the results of runs that got a
-- report since the last one instead of every stored result. Each table is a function of the results
-- of one run (and, for verdicts, of which tests ever failed), so it changes only when its run does.

-- Every test that ever failed (or errored): only these can be flaky.
create table candidate_test (
    test_id bigint not null
);

-- The verdict of a candidate test in a run: F failed on every attempt, K failed then passed, P passed,
-- S skipped.
create table run_test_verdict (
    run_id  bigint  not null,
    test_id bigint  not null,
    verdict varchar not null
);

-- Tests a run executed: one first attempt per test, skips aside.
create table run_size (
    run_id   bigint not null,
    executed bigint not null
);

-- A suite with at least the configured number of tests failing on every attempt in a run, and how many
-- of its tests the run executed; whether it failed whole also depends on the run not being a crash.
create table run_suite_failure (
    run_id   bigint  not null,
    suite    varchar not null,
    fails    bigint  not null,
    executed bigint  not null
);

-- Null until a detection pass has read this report's results: the reports still to be read name the
-- runs the next pass must look at again. A pass that fails rolls back and leaves them null.
alter table report add column detected boolean;

-- The thresholds the tables above were built with: a pass under other thresholds rebuilds them.
alter table detection_state add column basis varchar;
