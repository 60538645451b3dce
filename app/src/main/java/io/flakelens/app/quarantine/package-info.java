/**
 * Where a muted-test scan gets its source and how its results are written. A repository is read as
 * one commit's tree straight from git's object store (a local checkout, or a shallow one-branch
 * clone kept in a cache folder), so that a scan names exactly the commit it read and re-scanning
 * that commit finds exactly the same; uncommitted files are read only when asked for. The output
 * shapes (the DC/OS dump, redash's URL data source, tables) are shared by the command line and
 * the server.
 */
package io.flakelens.app.quarantine;
