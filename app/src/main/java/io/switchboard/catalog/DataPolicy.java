package io.switchboard.catalog;

/** What a provider does with prompts: used by the {@code provider.data_collection} and {@code zdr} routing filters. */
public record DataPolicy(boolean trainsOnData, boolean retainsPrompts, boolean zeroDataRetention) {
    public static final DataPolicy UNKNOWN = new DataPolicy(false, true, false);
}
