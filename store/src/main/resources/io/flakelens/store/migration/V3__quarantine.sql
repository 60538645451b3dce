-- Muted-test inventory: each stored scan of a repository's source (one per repo, branch and commit;
-- re-scanning a commit stores nothing) and the muted tests it found. History (when a test was muted,
-- when unmuted) is read off consecutive scans of one repo and branch, ordered by commit time.
create table quarantine_scan (
    id           bigint primary key,
    repo         varchar not null,
    branch       varchar,
    commit_id    varchar not null,
    committed_at timestamp,
    scanned_at   timestamp not null,
    files        integer not null,
    entries      integer not null
);

create table quarantine_entry (
    scan_id  bigint  not null,
    test_id  bigint  not null,
    suite    varchar not null,
    name     varchar not null,
    file     varchar not null,
    line     integer not null,
    language varchar not null,
    marker   varchar not null,
    ticket   varchar,
    reason   varchar,
    since    varchar,
    scope    varchar not null
);
