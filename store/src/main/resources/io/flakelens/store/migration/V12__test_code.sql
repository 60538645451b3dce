-- Detection's record of the code each run tested (its job and builder, its equivalence key and when
-- it ran), as the last pass saw the run, and of each candidate test's codes on each job and builder:
-- when it first ran there and whether it passed. "The code before" of a failure is read from these
-- instead of from every kept verdict; a pass brings up to date only the codes its new runs tested.
create table run_code (
    run_id    bigint  not null,
    job_k     varchar not null,
    builder_k varchar not null,
    equiv     varchar not null,
    ts        timestamp
);

create table test_code (
    test_id   bigint  not null,
    job_k     varchar not null,
    builder_k varchar not null,
    equiv     varchar not null,
    first_ts  timestamp,
    passed    integer not null
);
