/**
 * A deterministic simulator of CI history, for {@code flakelens demo} and benchmarks.
 *
 * <p>{@link io.flakelens.app.demo.CiSimulator} writes, under one folder:
 * <ul>
 * <li>{@code reports/<run>/*.xml}: JUnit XML per run, one file per module: Surefire's dialect
 * ({@code testsuites} of per-class {@code testsuite}s, with {@code flakyFailure} and
 * {@code rerunFailure} children for in-run reruns) and googletest's for a native module;</li>
 * <li>{@code runs.jsonl}: one run a line, the fields {@code flakelens ingest --manifest} reads, reports
 * named relative to the manifest's folder;</li>
 * <li>{@code truth.json}: what the simulator made each non-stable test ({@code flaky} with its rate,
 * {@code regression}, {@code broken-env}), the infrastructure-failure run ids and the broken
 * environments, to score a detector against. {@link io.flakelens.app.demo.SimulationTruth} is the
 * same in Java.</li>
 * </ul>
 *
 * <p>The same {@link io.flakelens.app.demo.SimulationConfig} gives the same bytes: every random draw
 * is a hash of what it decides (run, test, attempt), never of the order things are written in. The
 * history is planned up front (small: a few thousand run descriptions); results are produced one run
 * at a time and written straight to disk, so memory does not grow with the history.
 *
 * <p>Simplifications worth knowing when reading detector scores: a change keeps the main-line base it
 * was created on for all its patchsets (so a main-line breakage shows on all of them alike), and
 * merged changes do not become main-line revisions.
 */
package io.flakelens.app.demo;
