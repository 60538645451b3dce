-- The results of the runs a pass reads again, without reading every stored result (1.7 s at ten
-- million).
create index result_by_run on result (run_id);

-- The history of a test that failed for the first time, which a pass then reads (5.4 s at ten
-- million by scanning).
create index result_by_test on result (test_id);
