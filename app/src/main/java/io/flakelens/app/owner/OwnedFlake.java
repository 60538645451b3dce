package io.flakelens.app.owner;

import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.owner.Owner;

/** A ranked flake with its owner, and the job and file the owner was resolved from. */
public record OwnedFlake(FlakyTest flake, Owner owner, String job, String file) {}
