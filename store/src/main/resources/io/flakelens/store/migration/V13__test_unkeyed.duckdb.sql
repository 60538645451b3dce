-- The same table without its key (see V13__test_unkeyed.sql); the rows as they were.
create table test_unkeyed (
    id        bigint  not null,
    suite     varchar not null,
    name      varchar not null,
    group_key varchar not null,
    file      varchar,
    owner     varchar
);
insert into test_unkeyed select id, suite, name, group_key, file, owner from test;
drop table test;
alter table test_unkeyed rename to test;
