/**
 * {@code flakelens.yaml}: what the store cannot know. Who owns which tests and jobs, how jobs are
 * grouped for the tracker report, where and how bugs are filed. One file, read once per command,
 * checked strictly (an unknown key is an error that names it, so a typo never silently turns a
 * rule off), with paths relative to the file itself.
 */
package io.flakelens.app.config;
