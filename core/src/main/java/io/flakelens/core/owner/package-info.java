/**
 * Who owns a test. A flake list helps no one until each flake reaches the people who can fix it,
 * so every flake, report line and bug carries an owner, found by a fixed chain (first match wins):
 * the config's rules, the tested repository's CODEOWNERS applied to the test's file, a Kubernetes
 * style {@code [sig-xyz]} tag in the test name, then the owner of the job it ran on. Pure logic:
 * reading the config and the CODEOWNERS file is the caller's business.
 */
package io.flakelens.core.owner;
