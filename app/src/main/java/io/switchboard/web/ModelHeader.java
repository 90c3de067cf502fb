package io.switchboard.web;

import io.switchboard.catalog.Model;
import java.util.ArrayList;
import java.util.List;

/** What every tab of a model page shows above its content: name, id, badges and the tab bar. */
public record ModelHeader(Chrome chrome, Model model, ModelTab current, int providers) {
    public record Badge(String label, String kind) {}

    public List<ModelTab> tabs() {
        return List.of(ModelTab.values());
    }

    public String href(ModelTab tab) {
        return "/" + model.id() + (tab == ModelTab.OVERVIEW ? "" : "/" + tab.segment());
    }

    public boolean reasoning() {
        return model.supportedParameters().contains("reasoning")
                || model.supportedParameters().contains("include_reasoning");
    }

    public List<Badge> badges() {
        List<Badge> badges = new ArrayList<>();
        if (model.pricing().isFree()) {
            badges.add(new Badge("Free", "good"));
        }
        if (reasoning()) {
            badges.add(new Badge("Reasoning", "accent"));
        }
        if (model.supportedParameters().contains("tools")) {
            badges.add(new Badge("Tools", "accent"));
        }
        if (model.inputModalities().contains("image")) {
            badges.add(new Badge("Vision", "accent"));
        }
        if (model.requiresByok()) {
            badges.add(new Badge("Requires your own key", "warn"));
        }
        badges.add(new Badge(Formats.tokens(model.contextLength()) + " context", ""));
        badges.add(new Badge(providers == 1 ? "1 provider" : providers + " providers", ""));
        return badges;
    }
}
