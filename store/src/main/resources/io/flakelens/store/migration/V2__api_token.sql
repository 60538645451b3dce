-- Upload tokens for `flakelens serve`. Only the SHA-256 of a token is kept: a leaked database
-- must not hand out working credentials.
create table api_token (
    name       varchar not null primary key,
    sha256     varchar not null,
    created_at timestamp not null
);
