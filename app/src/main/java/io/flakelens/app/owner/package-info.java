/**
 * Owners attached to the flake list. Owners are resolved when a list is read, never stored: a new
 * rule or CODEOWNERS line applies at once to all history, and the CLI, the API and the dashboard,
 * which all come through here, can never disagree about who owns a flake.
 */
package io.flakelens.app.owner;
