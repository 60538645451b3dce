/**
 * {@code flakelens bugs sync}: applies core's filing policy to the store's recent flakes and carries
 * the decisions out at GitHub over its REST API. The order of writes is what makes it safe: a
 * create is first recorded as an intent in the store, then looked up by marker at the tracker,
 * only then created, and only then recorded as a bug; a crash anywhere leaves either no bug or a
 * bug that the next pass finds by its marker.
 */
package io.flakelens.app.bugs;
