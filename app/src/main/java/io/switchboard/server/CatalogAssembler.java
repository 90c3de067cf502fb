package io.switchboard.server;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.CatalogMerge;
import io.switchboard.catalog.DataPolicy;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ModelConfig;
import io.switchboard.config.ProviderConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Applies the configuration to the bundled catalog: provider overrides, new providers, new models, the simulator. */
final class CatalogAssembler {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private CatalogAssembler() {}

    static Catalog assemble(Catalog bundled, SwitchboardConfig config) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        bundled.providers().forEach(provider -> providers.put(provider.slug(), provider));
        List<Provider> changed = new ArrayList<>();
        config.providers().forEach((slug, override) -> {
            Provider applied = apply(slug, providers.get(slug), override);
            providers.put(slug, applied);
            changed.add(applied);
        });
        List<Model> models = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (ModelConfig configured : config.models()) {
            List<Endpoint> added = configured.endpoints().stream()
                    .map(endpoint -> endpoint(configured, endpoint, providers))
                    .toList();
            models.add(model(configured, added));
            endpoints.addAll(added);
        }
        Catalog assembled = CatalogMerge.withOverrides(bundled, changed, models, endpoints);
        String override = config.upstreamOverride();
        if (override == null || override.isBlank()) {
            return assembled;
        }
        String root = override.endsWith("/") ? override.substring(0, override.length() - 1) : override;
        String base = root.endsWith("/v1") ? root.substring(0, root.length() - 3) : root;
        return assembled.withAllBaseUrls(provider -> provider.wireFormat() == WireFormat.OPENAI ? base + "/v1" : base);
    }

    private static Provider apply(String slug, Provider existing, ProviderConfig override) {
        if (existing == null) {
            if (override.name() == null || override.baseUrl() == null) {
                throw new ConfigException("provider " + slug + " is new, so providers." + slug
                        + " needs name and base_url (and wire_format unless it is openai)");
            }
            return new Provider(
                    slug,
                    override.name(),
                    wireFormat(slug, override.wireFormat()),
                    override.baseUrl(),
                    override.apiKeyEnv() == null
                            ? slug.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY"
                            : override.apiKeyEnv(),
                    DataPolicy.UNKNOWN,
                    override.unsupportedParameters());
        }
        return new Provider(
                slug,
                override.name() == null ? existing.name() : override.name(),
                override.wireFormat() == null ? existing.wireFormat() : wireFormat(slug, override.wireFormat()),
                override.baseUrl() == null ? existing.baseUrl() : override.baseUrl(),
                override.apiKeyEnv() == null ? existing.apiKeyEnv() : override.apiKeyEnv(),
                existing.dataPolicy(),
                override.unsupportedParameters().isEmpty()
                        ? existing.unsupportedParameters()
                        : override.unsupportedParameters());
    }

    private static WireFormat wireFormat(String slug, String value) {
        if (value == null) {
            return WireFormat.OPENAI;
        }
        try {
            return WireFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "providers." + slug + ".wire_format must be openai, anthropic or gemini: " + value);
        }
    }

    private static Endpoint endpoint(
            ModelConfig model, ModelConfig.EndpointConfig endpoint, Map<String, Provider> providers) {
        if (!providers.containsKey(endpoint.provider())) {
            throw new ConfigException("model " + model.id() + " names unknown provider " + endpoint.provider());
        }
        long context = endpoint.contextLength() != null
                ? endpoint.contextLength()
                : model.contextLength() == null ? 8192 : model.contextLength();
        List<String> parameters = endpoint.supportedParameters().isEmpty()
                ? List.of("max_tokens", "temperature", "top_p", "stop", "seed", "stream")
                : endpoint.supportedParameters();
        return new Endpoint(
                model.id(),
                endpoint.provider(),
                endpoint.provider(),
                endpoint.upstreamModel(),
                Pricing.of(perToken(endpoint.promptPricePerMillion()), perToken(endpoint.completionPricePerMillion())),
                context,
                endpoint.maxCompletionTokens(),
                null,
                parameters);
    }

    private static BigDecimal perToken(String perMillion) {
        if (perMillion == null || perMillion.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(perMillion.trim())
                    .divide(MILLION, MathContext.DECIMAL64)
                    .stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new ConfigException("price must be a decimal number of USD per million tokens: " + perMillion);
        }
    }

    private static Model model(ModelConfig configured, List<Endpoint> endpoints) {
        Endpoint first = endpoints.getFirst();
        long context =
                endpoints.stream().mapToLong(Endpoint::contextLength).max().orElse(8192);
        List<String> parameters = endpoints.stream()
                .flatMap(endpoint -> endpoint.supportedParameters().stream())
                .distinct()
                .toList();
        String name = configured.name() == null ? configured.id() : configured.name();
        String description = configured.description() == null ? "Added by configuration." : configured.description();
        ObjectNode source = Json.object();
        source.put("id", configured.id());
        source.put("canonical_slug", configured.id());
        source.put("name", name);
        source.put("created", 0);
        source.put("description", description);
        source.put("context_length", context);
        ObjectNode architecture = source.putObject("architecture");
        architecture.put("modality", String.join("+", configured.inputModalities()) + "->text");
        ArrayNode inputs = architecture.putArray("input_modalities");
        configured.inputModalities().forEach(inputs::add);
        architecture.putArray("output_modalities").add("text");
        architecture.put("tokenizer", "Other");
        architecture.putNull("instruct_type");
        source.set("pricing", pricingJson(first.pricing()));
        ObjectNode topProvider = source.putObject("top_provider");
        topProvider.put("context_length", first.contextLength());
        if (first.maxCompletionTokens() == null) {
            topProvider.putNull("max_completion_tokens");
        } else {
            topProvider.put("max_completion_tokens", first.maxCompletionTokens());
        }
        topProvider.put("is_moderated", false);
        source.putNull("per_request_limits");
        ArrayNode supported = source.putArray("supported_parameters");
        parameters.forEach(supported::add);
        return new Model(
                configured.id(),
                configured.id(),
                name,
                0,
                description,
                context,
                configured.inputModalities(),
                List.of("text"),
                first.pricing(),
                parameters,
                false,
                source);
    }

    private static ObjectNode pricingJson(Pricing pricing) {
        ObjectNode node = Json.object();
        node.put("prompt", pricing.prompt().toPlainString());
        node.put("completion", pricing.completion().toPlainString());
        node.put("request", "0");
        node.put("image", "0");
        return node;
    }
}
