-- A test's results lie on as many pages as it has runs (results are stored run by run), so reading the
-- histories of the fifty listed flakes visited 87,000 pages of ten million results: 2.2 s. With the run,
-- outcome and attempt in the index beside the test, the same read is answered from the index: 0.9 s.
-- It replaces the index on the test alone, which every query that used it can use as before.
create index result_by_test_run on result (test_id, run_id) include (outcome, attempt);
drop index result_by_test;
