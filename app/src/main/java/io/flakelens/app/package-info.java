/** The executable: the command line and its entry point. */
package io.flakelens.app;
