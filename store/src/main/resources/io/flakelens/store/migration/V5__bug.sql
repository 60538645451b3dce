-- Bugs Flakelens filed or found at a tracker, and which flakes (test group keys) they track.
-- id is tracker-qualified ("github:acme/widgets#12"): one store may file into several repositories.
create table bug (
    id         varchar not null primary key,
    tracker    varchar not null,
    repo       varchar not null,
    number     bigint  not null,
    url        varchar not null,
    state      varchar not null,
    title      varchar,
    marker     varchar not null,
    created_at timestamp not null,
    touched_at timestamp not null,
    synced_at  timestamp not null
);

create table bug_flake (
    flake  varchar not null,
    bug_id varchar not null,
    primary key (flake, bug_id)
);

-- Every create, update and reopen, for the "at most N in any 24 hours" budget.
create table bug_action (
    acted_at timestamp not null,
    bug_id varchar not null,
    action varchar not null
);

-- Written and committed before the tracker is asked to create a bug, removed once the bug is
-- recorded: a leftover row says a crash may have left a bug at the tracker that the store lacks.
create table bug_intent (
    marker     varchar not null primary key,
    started_at timestamp not null,
    flakes     varchar not null
);
