package io.flakelens.store.quarantine;

import java.util.List;

/** Tests to mute and mutes to lift, each with its evidence. */
public record Suggestions(List<MuteSuggestion> mute, List<UnmuteSuggestion> unmute) {
    public Suggestions {
        mute = List.copyOf(mute);
        unmute = List.copyOf(unmute);
    }
}
