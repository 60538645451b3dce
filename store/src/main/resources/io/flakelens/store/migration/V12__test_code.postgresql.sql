-- A pass finds the runs of the codes its new runs tested, and the rows of those codes, by these.
create index run_code_by_run on run_code (run_id);
create index run_code_by_code on run_code (job_k, builder_k, equiv);
create index test_code_by_code on test_code (test_id, job_k, builder_k, equiv);
