/** The repository's side of changepoints: the order of commits along a branch's first parents. */
package io.flakelens.app.changepoint;
