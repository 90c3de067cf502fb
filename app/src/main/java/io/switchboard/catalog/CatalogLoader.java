package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads a catalog in the bundled format ({@link CatalogJson}). */
public final class CatalogLoader {
    /** Classpath location of the catalog that ships in the jar (written by {@link CatalogImporter#importTo}). */
    public static final String BUNDLED_RESOURCE = "/io/switchboard/catalog/catalog.json";

    private CatalogLoader() {}

    /** The catalog shipped in the jar. */
    public static Catalog loadBundled() {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled catalog missing from the classpath: " + BUNDLED_RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled catalog", e);
        }
    }

    /** A catalog from a stream in the bundled format; the caller closes the stream. */
    public static Catalog load(InputStream in) {
        requireNonNull(in, "in is null");
        JsonNode root;
        try {
            root = CatalogJson.MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("catalog is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(root);
    }

    /**
     * A model from an object in OpenRouter's {@code /models} shape (plus optional {@code requires_byok}), e.g. an
     * extra model from config. Takes ownership of {@code entry}: it becomes the model's verbatim source.
     */
    public static Model model(ObjectNode entry) {
        return CatalogJson.model(requireNonNull(entry, "entry is null"));
    }

    /** A provider from an object in the bundled shape ({@code slug}, {@code name}, {@code wire_format}, …). */
    public static Provider provider(JsonNode node) {
        return CatalogJson.provider(requireNonNull(node, "node is null"));
    }

    /** An endpoint from an object in the bundled shape ({@code model}, {@code provider}, {@code upstream_model}, …). */
    public static Endpoint endpoint(JsonNode node) {
        return CatalogJson.endpoint(requireNonNull(node, "node is null"));
    }

    /** A catalog from an already parsed tree, e.g. {@link CatalogImporter.Result#json()}. */
    public static Catalog fromJson(JsonNode root) {
        requireNonNull(root, "root is null");
        int format = root.path("format").asInt(0);
        if (format != CatalogJson.FORMAT) {
            throw new IllegalArgumentException(
                    "unsupported catalog format " + format + ", expected " + CatalogJson.FORMAT);
        }
        List<Provider> providers = new ArrayList<>();
        for (JsonNode node : root.path("providers").values()) {
            providers.add(CatalogJson.provider(node));
        }
        List<Model> models = new ArrayList<>();
        for (JsonNode node : root.path("models").values()) {
            if (!(node instanceof ObjectNode entry)) {
                throw new IllegalArgumentException("catalog model is not an object");
            }
            models.add(CatalogJson.model(entry));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode node : root.path("endpoints").values()) {
            endpoints.add(CatalogJson.endpoint(node));
        }
        return new Catalog(providers, models, endpoints);
    }
}
