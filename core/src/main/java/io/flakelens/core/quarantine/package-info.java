/**
 * Muted tests, found by parsing test sources rather than grepping them. Teams mute flaky tests in
 * many spellings (decorators over several lines, arguments in any order, markers on classes, on
 * fixtures, on whole modules); an order-sensitive regex misses some of them and names others wrong.
 * So each language gets a real parser (JavaParser for Java, small tokenizers of our own for Python,
 * Go and JavaScript that know strings and comments), and every muted test is named exactly the way
 * ingested reports name the same test, so that muted tests join with detection.
 */
package io.flakelens.core.quarantine;
