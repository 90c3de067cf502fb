package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One tool call of a simulated answer.
 *
 * @param id provider-style call id ({@code call_...})
 * @param name the tool's function name
 * @param arguments the complete JSON arguments, {@code "{}"} when the tool has no parameters
 * @param argumentFragments {@code arguments} split the way a provider streams it; joined they equal {@code arguments}
 */
record SimulatedToolCall(String id, String name, String arguments, List<Token> argumentFragments) {
    SimulatedToolCall {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(arguments, "arguments is null");
        argumentFragments = List.copyOf(argumentFragments);
    }
}
