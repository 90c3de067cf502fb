package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers the importer knows, kept in code because neither source file says how to reach a host: base URLs,
 * key variables and data policies come from each provider's own documentation. Every host here speaks its native
 * wire format at the given base URL; aggregators and clouds that need request signing (Bedrock, Vertex, Azure) are
 * left out on purpose.
 */
final class ProviderTable {
    /**
     * Where unmatched models go: any OpenRouter-compatible upstream (OpenRouter itself by default, or another
     * Switchboard). It accepts the OpenRouter id as the model name, so every catalog model stays routable.
     */
    static final String FALLBACK = "openrouter-compatible";

    /**
     * A provider plus how its LiteLLM entries are spelled.
     *
     * @param litellmProviders values of LiteLLM's {@code litellm_provider} that describe this host
     * @param bareKeys true when LiteLLM lists this host's models without a {@code provider/} prefix (OpenAI, Anthropic);
     *     for other hosts a bare key is a pricing tier such as {@code together-ai-4.1b-8b}, not a model
     */
    record Known(Provider provider, List<String> litellmProviders, boolean bareKeys) {
        Known {
            requireNonNull(provider, "provider is null");
            litellmProviders = List.copyOf(litellmProviders);
        }

        String slug() {
            return provider.slug();
        }
    }

    // Policies are best effort from each provider's published terms; operators override them in config.
    private static final DataPolicy NO_TRAINING = new DataPolicy(false, true, false);
    private static final DataPolicy ZERO_RETENTION = new DataPolicy(false, false, true);
    private static final DataPolicy TRAINS = new DataPolicy(true, true, false);

    // Parameters OpenAI-style hosts commonly reject; each list is modest on purpose (the adapter drops them).
    private static final List<String> NO_LOGPROBS = List.of("logit_bias", "logprobs", "top_logprobs");

    private static final List<Known> KNOWN = List.of(
            known(
                    "openai",
                    "OpenAI",
                    WireFormat.OPENAI,
                    "https://api.openai.com/v1",
                    "OPENAI_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    true,
                    "openai",
                    "text-completion-openai"),
            known(
                    "anthropic",
                    "Anthropic",
                    WireFormat.ANTHROPIC,
                    "https://api.anthropic.com",
                    "ANTHROPIC_API_KEY",
                    NO_TRAINING,
                    List.of(
                            "frequency_penalty",
                            "presence_penalty",
                            "repetition_penalty",
                            "seed",
                            "logit_bias",
                            "logprobs",
                            "top_logprobs"),
                    true,
                    "anthropic"),
            known(
                    "google-ai-studio",
                    "Google AI Studio",
                    WireFormat.GEMINI,
                    "https://generativelanguage.googleapis.com",
                    "GEMINI_API_KEY",
                    NO_TRAINING,
                    List.of("logit_bias", "repetition_penalty"),
                    false,
                    "gemini"),
            known(
                    "mistral",
                    "Mistral",
                    WireFormat.OPENAI,
                    "https://api.mistral.ai/v1",
                    "MISTRAL_API_KEY",
                    NO_TRAINING,
                    List.of("logit_bias", "repetition_penalty"),
                    false,
                    "mistral"),
            known(
                    "deepseek",
                    "DeepSeek",
                    WireFormat.OPENAI,
                    "https://api.deepseek.com/v1",
                    "DEEPSEEK_API_KEY",
                    TRAINS,
                    List.of("logit_bias", "seed", "repetition_penalty"),
                    true,
                    "deepseek"),
            known(
                    "xai",
                    "xAI",
                    WireFormat.OPENAI,
                    "https://api.x.ai/v1",
                    "XAI_API_KEY",
                    NO_TRAINING,
                    List.of("logit_bias", "repetition_penalty"),
                    false,
                    "xai"),
            known(
                    "perplexity",
                    "Perplexity",
                    WireFormat.OPENAI,
                    "https://api.perplexity.ai",
                    "PERPLEXITY_API_KEY",
                    NO_TRAINING,
                    List.of("logit_bias", "logprobs", "top_logprobs", "tools", "tool_choice", "seed"),
                    false,
                    "perplexity"),
            known(
                    "moonshotai",
                    "Moonshot AI",
                    WireFormat.OPENAI,
                    "https://api.moonshot.ai/v1",
                    "MOONSHOT_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    false,
                    "moonshot"),
            known(
                    "minimax",
                    "MiniMax",
                    WireFormat.OPENAI,
                    "https://api.minimax.io/v1",
                    "MINIMAX_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    false,
                    "minimax"),
            known(
                    "z-ai",
                    "Z.AI",
                    WireFormat.OPENAI,
                    "https://api.z.ai/api/paas/v4",
                    "ZAI_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    false,
                    "zai"),
            known(
                    "alibaba",
                    "Alibaba",
                    WireFormat.OPENAI,
                    "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
                    "DASHSCOPE_API_KEY",
                    NO_TRAINING,
                    List.of("logit_bias"),
                    false,
                    "dashscope"),
            known(
                    "cohere",
                    "Cohere",
                    WireFormat.OPENAI,
                    "https://api.cohere.ai/compatibility/v1",
                    "COHERE_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    true,
                    "cohere_chat",
                    "cohere"),
            known(
                    "ai21",
                    "AI21",
                    WireFormat.OPENAI,
                    "https://api.ai21.com/studio/v1",
                    "AI21_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    true,
                    "ai21"),
            known(
                    "inception",
                    "Inception",
                    WireFormat.OPENAI,
                    "https://api.inceptionlabs.ai/v1",
                    "INCEPTION_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    false,
                    "inception"),
            known(
                    "morph",
                    "Morph",
                    WireFormat.OPENAI,
                    "https://api.morphllm.com/v1",
                    "MORPH_API_KEY",
                    NO_TRAINING,
                    NO_LOGPROBS,
                    false,
                    "morph"),
            // Open-weight hosts: LiteLLM prices each of them separately, so a model gets one endpoint per host.
            known(
                    "together",
                    "Together",
                    WireFormat.OPENAI,
                    "https://api.together.xyz/v1",
                    "TOGETHER_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    false,
                    "together_ai"),
            known(
                    "fireworks",
                    "Fireworks",
                    WireFormat.OPENAI,
                    "https://api.fireworks.ai/inference/v1",
                    "FIREWORKS_API_KEY",
                    ZERO_RETENTION,
                    List.of(),
                    false,
                    "fireworks_ai"),
            known(
                    "deepinfra",
                    "DeepInfra",
                    WireFormat.OPENAI,
                    "https://api.deepinfra.com/v1/openai",
                    "DEEPINFRA_API_KEY",
                    ZERO_RETENTION,
                    List.of(),
                    false,
                    "deepinfra"),
            known(
                    "groq",
                    "Groq",
                    WireFormat.OPENAI,
                    "https://api.groq.com/openai/v1",
                    "GROQ_API_KEY",
                    ZERO_RETENTION,
                    List.of("logit_bias", "logprobs", "top_logprobs", "n", "repetition_penalty"),
                    false,
                    "groq"),
            known(
                    "cerebras",
                    "Cerebras",
                    WireFormat.OPENAI,
                    "https://api.cerebras.ai/v1",
                    "CEREBRAS_API_KEY",
                    ZERO_RETENTION,
                    List.of("frequency_penalty", "presence_penalty", "logit_bias", "repetition_penalty"),
                    false,
                    "cerebras"),
            known(
                    "sambanova",
                    "SambaNova",
                    WireFormat.OPENAI,
                    "https://api.sambanova.ai/v1",
                    "SAMBANOVA_API_KEY",
                    ZERO_RETENTION,
                    List.of("logit_bias", "logprobs", "top_logprobs", "seed"),
                    false,
                    "sambanova"),
            known(
                    "novita",
                    "NovitaAI",
                    WireFormat.OPENAI,
                    "https://api.novita.ai/v3/openai",
                    "NOVITA_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    false,
                    "novita"),
            known(
                    "hyperbolic",
                    "Hyperbolic",
                    WireFormat.OPENAI,
                    "https://api.hyperbolic.xyz/v1",
                    "HYPERBOLIC_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    false,
                    "hyperbolic"),
            known(
                    "nebius",
                    "Nebius AI Studio",
                    WireFormat.OPENAI,
                    "https://api.studio.nebius.com/v1",
                    "NEBIUS_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    false,
                    "nebius"),
            known(
                    "baseten",
                    "Baseten",
                    WireFormat.OPENAI,
                    "https://inference.baseten.co/v1",
                    "BASETEN_API_KEY",
                    ZERO_RETENTION,
                    List.of(),
                    false,
                    "baseten"),
            known(
                    "nscale",
                    "Nscale",
                    WireFormat.OPENAI,
                    "https://inference.api.nscale.com/v1",
                    "NSCALE_API_KEY",
                    NO_TRAINING,
                    List.of(),
                    false,
                    "nscale"),
            // W&B Inference is left out: LiteLLM's wandb prices are per million tokens, not per token.
            known(
                    FALLBACK,
                    "OpenRouter-compatible",
                    WireFormat.OPENAI,
                    "https://openrouter.ai/api/v1",
                    "OPENROUTER_API_KEY",
                    DataPolicy.UNKNOWN,
                    List.of(),
                    false));

    /**
     * OpenRouter author → the provider that makes the model. A proprietary model always gets an endpoint there; an
     * open-weight one only when LiteLLM shows the author actually serves it (OpenAI does not serve gpt-oss).
     */
    private static final Map<String, String> FIRST_PARTY = Map.ofEntries(
            Map.entry("openai", "openai"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("google", "google-ai-studio"),
            Map.entry("mistralai", "mistral"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("x-ai", "xai"),
            Map.entry("perplexity", "perplexity"),
            Map.entry("moonshotai", "moonshotai"),
            Map.entry("minimax", "minimax"),
            Map.entry("z-ai", "z-ai"),
            Map.entry("qwen", "alibaba"),
            Map.entry("cohere", "cohere"),
            Map.entry("ai21", "ai21"),
            Map.entry("inception", "inception"),
            Map.entry("morph", "morph"));

    private static final Map<String, Known> BY_LITELLM_PROVIDER;

    static {
        Map<String, Known> byLitellm = new LinkedHashMap<>();
        for (Known known : KNOWN) {
            for (String litellm : known.litellmProviders()) {
                byLitellm.put(litellm, known);
            }
        }
        BY_LITELLM_PROVIDER = java.util.Collections.unmodifiableMap(byLitellm);
    }

    private ProviderTable() {}

    private static Known known(
            String slug,
            String name,
            WireFormat wire,
            String baseUrl,
            String keyEnv,
            DataPolicy policy,
            List<String> unsupported,
            boolean bareKeys,
            String... litellmProviders) {
        return new Known(
                new Provider(slug, name, wire, baseUrl, keyEnv, policy, unsupported),
                List.of(litellmProviders),
                bareKeys);
    }

    /** Every known provider, in table order (first parties, then open-weight hosts, then the fallback). */
    static List<Known> all() {
        return KNOWN;
    }

    static List<Provider> providers() {
        return KNOWN.stream().map(Known::provider).toList();
    }

    static Optional<Known> byLitellmProvider(String litellmProvider) {
        return Optional.ofNullable(BY_LITELLM_PROVIDER.get(litellmProvider));
    }

    /** True when the provider makes models (it is some author's first party) rather than hosting others' weights. */
    static boolean isMaker(String slug) {
        return FIRST_PARTY.containsValue(slug);
    }

    /** The first-party provider slug for an OpenRouter author ({@code ~} alias prefix ignored). */
    static Optional<String> firstPartyFor(String author) {
        String plain = author.startsWith("~") ? author.substring(1) : author;
        return Optional.ofNullable(FIRST_PARTY.get(plain));
    }
}
