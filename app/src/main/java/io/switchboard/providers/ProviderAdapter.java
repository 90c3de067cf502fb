package io.switchboard.providers;

import io.switchboard.catalog.WireFormat;

/**
 * Translates between the OpenAI chat shape that clients speak and one upstream wire format. One implementation per
 * {@link WireFormat}; none knows another. The API layer only ever sees OpenAI-shaped JSON coming out.
 */
public interface ProviderAdapter {
    WireFormat wireFormat();

    UpstreamCompletion complete(UpstreamCall call) throws UpstreamException;

    /** Sends a streaming request; returns once the provider answered with a 2xx status. */
    UpstreamStream stream(UpstreamCall call) throws UpstreamException;
}
