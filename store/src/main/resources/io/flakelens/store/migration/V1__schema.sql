-- One schema for DuckDB and PostgreSQL: only types and statements both understand.
-- Ids are 64-bit stable hashes computed by the writer (see StableHash), so no sequences.

create table run (
    id          bigint primary key,
    source      varchar not null,
    external_id varchar not null,
    job         varchar,
    builder     varchar,
    revision    varchar,
    change_id   varchar,
    patchset    varchar,
    equivalence varchar,
    attempt     integer,
    payload     varchar,
    started_at  timestamp,
    duration_ms bigint,
    status      varchar,
    url         varchar,
    merged      boolean,
    extra       varchar,
    ingested_at timestamp not null
);

create table test (
    id        bigint primary key,
    suite     varchar not null,
    name      varchar not null,
    group_key varchar not null,
    file      varchar,
    owner     varchar
);

-- run x test x attempt; no key: the report table makes ingest idempotent and keys would slow bulk loads
create table result (
    run_id      bigint  not null,
    test_id     bigint  not null,
    attempt     integer not null,
    outcome     varchar not null,
    duration_ms bigint
);

create table failure (
    run_id    bigint  not null,
    test_id   bigint  not null,
    attempt   integer not null,
    type      varchar,
    message   varchar,
    detail    varchar,
    text_hash bigint,
    cluster   varchar
);

create table report (
    run_id      bigint  not null,
    digest      varchar not null,
    path        varchar,
    format      varchar,
    testcases   integer,
    ingested_at timestamp not null,
    primary key (run_id, digest)
);

-- Derived by detection; rebuilt whole on every detection pass.
create table flake_occurrence (
    run_id      bigint  not null,
    test_id     bigint  not null,
    kind        varchar not null,
    post_submit boolean not null,
    change_id   varchar,
    job         varchar,
    builder     varchar,
    occurred_at timestamp
);

create table infra_run (
    run_id   bigint not null,
    kind     varchar not null,
    suite    varchar,
    failed   integer not null,
    total    integer not null,
    message  varchar
);

create table detection_state (
    id          integer primary key,
    results     bigint not null,
    runs        bigint not null,
    detected_at timestamp not null
);
