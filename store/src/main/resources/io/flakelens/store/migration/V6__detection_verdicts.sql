-- Derived by detection beside flake_occurrence and infra_run; rebuilt whole on every pass.

-- A failure of a test that failed in every run of its code on the job and in the code run before
-- it on the job and builder: a real, consistent failure, never a flake and no sign of a crash.
create table consistent_failure (
    run_id  bigint not null,
    test_id bigint not null
);

-- A suite that failed whole in a run while the same code passed it on the same job and builder, pass
-- and fail interleaved: a flaky set-up, whose tests' failures count as flake evidence.
create table setup_flake (
    run_id bigint  not null,
    suite  varchar not null,
    failed integer not null,
    total  integer not null
);

-- The broken-environment stretch a suite row belongs to: the id of one run in it, shared by every
-- run of the stretch (consecutive runs of a job and builder in which the suite failed whole).
alter table infra_run add column stretch bigint;
