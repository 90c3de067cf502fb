package io.switchboard.api;

import io.switchboard.accounting.Charge;
import io.switchboard.accounting.TokenUsage;
import io.switchboard.json.Json;
import java.math.BigDecimal;
import tools.jackson.databind.node.ObjectNode;

/** The {@code usage} object in OpenRouter's shape, with the exact cost. */
final class UsageJson {
    private UsageJson() {}

    /** For BYOK, {@code cost} is the fee and {@code cost_details.upstream_inference_cost} what the user's key paid. */
    static ObjectNode of(TokenUsage usage, Charge charge) {
        ObjectNode node = of(usage, charge.billed(), charge.byok());
        if (charge.byok()) {
            ((ObjectNode) node.get("cost_details")).put("upstream_inference_cost", charge.upstream());
        }
        return node;
    }

    static ObjectNode of(TokenUsage usage, BigDecimal cost, boolean byok) {
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        node.put("cost", cost);
        node.put("is_byok", byok);
        ObjectNode promptDetails = node.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", usage.cachedTokens());
        promptDetails.put("cache_write_tokens", usage.cacheWriteTokens());
        node.putObject("cost_details").putNull("upstream_inference_cost");
        node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return node;
    }
}
