-- The clusters of the last `flakelens cluster` over the store; failure.cluster holds each failure's id.
-- Rebuilt whole on every clustering pass; the algorithm's name and version prefix every id.
create table failure_cluster (
    id           varchar primary key,
    algorithm    varchar not null,
    size         integer not null,
    template     varchar,
    site         varchar,
    tests        integer not null,
    flake_share  double precision,
    clustered_at timestamp not null
);
