package io.switchboard.web;

import io.switchboard.catalog.Model;

/** One model in a list: the model and how many provider endpoints serve it. */
public record ModelRow(Model model, int providers) {
    public String href() {
        return "/" + model.id();
    }

    public String context() {
        return Formats.tokens(model.contextLength()) + " context";
    }

    public String inputPrice() {
        return Formats.perMillion(model.pricing().prompt());
    }

    public String outputPrice() {
        return Formats.perMillion(model.pricing().completion());
    }

    public String providerCount() {
        return providers == 1 ? "1 provider" : providers + " providers";
    }

    public String modalities() {
        return String.join(", ", model.inputModalities()) + " → " + String.join(", ", model.outputModalities());
    }
}
