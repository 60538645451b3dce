/**
 * Objects in S3-compatible storage (AWS S3, MinIO, Ceph, GCS's XML API) as inputs and outputs:
 * {@code s3://bucket/key} names, one client configured from the standard AWS environment, listing
 * page by page, and objects streamed rather than held in memory.
 */
package io.flakelens.app.s3;
