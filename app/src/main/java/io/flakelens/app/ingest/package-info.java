/**
 * Ingest as a pipeline of small stages: expand inputs (files, folders, zip and gz) into report
 * sources, work out each source's run (flags, CI environment, manifest), digest, sniff, parse, and
 * hand the cases to the store's ingest session.
 */
package io.flakelens.app.ingest;
