package io.switchboard.web;

import java.util.Arrays;
import java.util.Optional;

/** The tabs of a model page, in the order the tab bar shows them; each is a plain link. */
public enum ModelTab {
    OVERVIEW("", "Overview"),
    PROVIDERS("providers", "Providers"),
    APPS("apps", "Apps"),
    ACTIVITY("activity", "Activity"),
    UPTIME("uptime", "Uptime"),
    API("api", "API");

    private final String segment;
    private final String label;

    ModelTab(String segment, String label) {
        this.segment = segment;
        this.label = label;
    }

    public String label() {
        return label;
    }

    String segment() {
        return segment;
    }

    static Optional<ModelTab> of(String segment) {
        return Arrays.stream(values())
                .filter(tab -> tab != OVERVIEW && tab.segment.equals(segment))
                .findFirst();
    }
}
