package io.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.ParameterSupport;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.config.MediaConfig;
import io.switchboard.json.Json;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.MediaServer;
import io.switchboard.testing.TestGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One table of scenarios run through every adapter, streaming and not, against a real gateway in front of the
 * simulator (which speaks the OpenAI, Anthropic and Gemini wire formats): the client must see the same OpenAI shape
 * whoever answers, the finish reason each scenario calls for, usage equal to the generation's stats, and a cost equal
 * to the serving endpoint's prices times the tokens, computed here from the catalog.
 *
 * <p>A scenario the serving endpoint cannot take is not faked: when the endpoint does not list the parameter the
 * scenario needs, the gateway drops it (OpenRouter's rule), and the test asserts exactly that (the parameter appears in
 * the generation's {@code dropped_parameters} and the answer is the plain one); when the model cannot take the input
 * at all (images for a text-only model) the scenario is not sent. Both are reported in the summary printed at the end
 * (and written to {@code target/conformance.md}), which {@code docs/conformance.md} reproduces.
 */
class ConformanceTest {
    /** A provider column: the model, the provider expected to serve it, and extra request fields. */
    record Column(String label, String model, String providerSlug, String extraFields) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("OpenAI gpt-4o-mini", "openai/gpt-4o-mini", "openai", ""),
            // A reasoning model: openai/gpt-5 itself is BYOK-only in the catalog.
            new Column("OpenAI o4-mini", "openai/o4-mini", "openai", ""),
            new Column("Anthropic claude-sonnet-4.5", "anthropic/claude-sonnet-4.5", "anthropic", ""),
            new Column("Gemini gemini-2.5-pro", "google/gemini-2.5-pro", "google-ai-studio", ""),
            // Pinned to one OpenAI-compatible host with provider.only: the router spreads Llama's requests over its
            // hosts (not all of which take tools), and each cell checks the serving endpoint's own prices.
            new Column(
                    "Llama 3.3 70B on Together (OpenAI-compatible)",
                    "meta-llama/llama-3.3-70b-instruct",
                    "together",
                    "\"provider\":{\"only\":[\"together\"]}"));

    enum Scenario {
        PLAIN_TEXT("plain text"),
        SYSTEM_PROMPT("system prompt"),
        IMAGE_URL("image by URL"),
        IMAGE_DATA_URL("image by data URL"),
        PDF("PDF (data URL)"),
        PARALLEL_TOOLS("two parallel tool calls, then results"),
        FORCED_TOOL("forced tool choice"),
        REASONING("reasoning with effort"),
        JSON_SCHEMA("JSON schema output"),
        STOP_SEQUENCES("stop sequences"),
        MAX_TOKENS("max-tokens truncation"),
        UPSTREAM_429("upstream 429"),
        UPSTREAM_500("upstream 500"),
        OVERLOADED("overloaded (Anthropic 529, others 503)"),
        MID_STREAM_ERROR("mid-stream error");

        final String title;

        Scenario(String title) {
            this.title = title;
        }
    }

    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "tool_calls", "content_filter", "error");
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
             {"type":"function","function":{"name":"get_time","description":"Local time in a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
    private static final String JSON_SCHEMA = """
            {"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{"type":"object",
              "properties":{"name":{"type":"string"},"population":{"type":"integer"}},
              "required":["name","population"],"additionalProperties":false}}}""";

    private static TestGateway gateway;
    private static MediaServer media;

    /** scenario → column label → "non-streaming / streaming" cells. */
    private static final Map<Scenario, Map<String, String[]>> RESULTS = new EnumMap<>(Scenario.class);

    /** scenario + mode → column label → the response's field shape, compared across columns at the end. */
    private static final Map<String, Map<String, Set<String>>> SHAPES = new TreeMap<>();

    /** Footnote number → text, for the cells that are not a plain pass. */
    private static final Map<Integer, String> NOTES = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        media = MediaServer.start();
        // The Gemini adapter fetches media by URL; the test server is on loopback, which only this setting allows.
        gateway = TestGateway.start(
                SimulatorOptions.defaults(),
                config -> config.withMedia(MediaConfig.defaults().allowingLocalTestServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String summary = summary();
            System.out.println(summary);
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("conformance.md"), summary, StandardCharsets.UTF_8);
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (media != null) {
                media.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> scenarios() {
        List<DynamicNode> containers = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Column column : COLUMNS) {
                for (boolean stream : new boolean[] {false, true}) {
                    tests.add(DynamicTest.dynamicTest(
                            column.label() + (stream ? ", streaming" : ", non-streaming"),
                            () -> run(scenario, column, stream)));
                }
            }
            containers.add(DynamicContainer.dynamicContainer(scenario.title, tests));
        }
        // Last: every column's responses have the same fields and types, scenario by scenario.
        containers.add(DynamicTest.dynamicTest("same field set and types for every provider", this::sameShapes));
        return containers.stream();
    }

    private static void run(Scenario scenario, Column column, boolean stream) throws Exception {
        record(scenario, column, stream, "FAIL");
        Context context = new Context(column, stream);
        String outcome = switch (scenario) {
            case PLAIN_TEXT -> plainText(context, false);
            case SYSTEM_PROMPT -> plainText(context, true);
            case IMAGE_URL -> image(context, media.baseUrl() + "/cat.png");
            case IMAGE_DATA_URL -> image(context, "data:image/png;base64," + base64(MediaServer.PNG));
            case PDF -> pdf(context);
            case PARALLEL_TOOLS -> parallelTools(context);
            case FORCED_TOOL -> forcedTool(context);
            case REASONING -> reasoning(context);
            case JSON_SCHEMA -> jsonSchema(context);
            case STOP_SEQUENCES -> stopSequences(context);
            case MAX_TOKENS -> maxTokens(context);
            case UPSTREAM_429 -> upstreamError(context, 429, 429, null);
            case UPSTREAM_500 -> upstreamError(context, 500, 502, null);
            case OVERLOADED ->
                upstreamError(context, context.wire() == WireFormat.ANTHROPIC ? 529 : 503, 502, "overloaded");
            case MID_STREAM_ERROR -> midStreamError(context);
        };
        record(scenario, column, stream, outcome);
    }

    // ------------------------------------------------------------------ scenarios

    private static String plainText(Context context, boolean system) throws Exception {
        String messages = system
                ? "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]"
                : "[{\"role\":\"user\",\"content\":\"Say hello\"}]";
        Answer answer = context.send(messages, "");
        answer.assertSuccess("stop");
        assertThat(answer.content).isNotBlank();
        assertThat(answer.toolCalls).isEmpty();
        context.assertBilling(answer, List.of());
        context.shape(system ? Scenario.SYSTEM_PROMPT : Scenario.PLAIN_TEXT, answer);
        return "pass";
    }

    private static String image(Context context, String url) throws Exception {
        if (!context.model.inputModalities().contains("image")) {
            return note(
                    1,
                    "n/a¹",
                    "¹ The model is text-only (input modalities " + context.model.inputModalities()
                            + "): no image is sent.");
        }
        media.clear();
        Answer answer = context.send("""
                [{"role":"user","content":[{"type":"text","text":"What is in this picture?"},
                  {"type":"image_url","image_url":{"url":"%s"}}]}]""".formatted(url), "");
        answer.assertSuccess("stop");
        assertThat(answer.content).isNotBlank();
        assertThat(answer.usage.path("prompt_tokens").asLong())
                .as("the simulator counts 85 prompt tokens per image it received")
                .isGreaterThanOrEqualTo(85);
        if (url.startsWith("http")) {
            if (context.wire() == WireFormat.GEMINI) {
                assertThat(media.requests())
                        .as("Gemini cannot fetch URLs: the gateway did")
                        .containsExactly("/cat.png");
            } else {
                assertThat(media.requests())
                        .as("the provider takes the URL itself")
                        .isEmpty();
            }
        }
        context.assertBilling(answer, List.of(), 1);
        context.shape(url.startsWith("data:") ? Scenario.IMAGE_DATA_URL : Scenario.IMAGE_URL, answer);
        return "pass";
    }

    private static String pdf(Context context) throws Exception {
        if (!context.model.inputModalities().contains("file")) {
            return note(
                    2,
                    "n/a²",
                    "² The model takes no files (input modalities " + context.model.inputModalities()
                            + "): no PDF is sent.");
        }
        Answer answer = context.send("""
                [{"role":"user","content":[{"type":"text","text":"Summarise this document."},
                  {"type":"file","file":{"filename":"doc.pdf","file_data":"data:application/pdf;base64,%s"}}]}]""".formatted(base64(MediaServer.PDF)), "");
        answer.assertSuccess("stop");
        assertThat(answer.content).isNotBlank();
        context.assertBilling(answer, List.of());
        context.shape(Scenario.PDF, answer);
        return "pass";
    }

    private static String parallelTools(Context context) throws Exception {
        String ask = "{\"role\":\"user\",\"content\":\"Use get_weather and get_time for Paris.\"}";
        String fields = "\"tools\":" + TOOLS + ",\"parallel_tool_calls\":true";
        Answer first = context.send("[" + ask + "]", fields);
        first.assertSuccess("tool_calls");
        assertThat(first.toolCalls).extracting(Call::name).containsExactly("get_weather", "get_time");
        for (Call call : first.toolCalls) {
            assertThat(call.id()).isNotBlank();
            assertThat(call.type()).isEqualTo("function");
            assertThat(Json.MAPPER.readTree(call.arguments()).path("city").isString())
                    .as(call.arguments())
                    .isTrue();
        }
        assertThat(first.toolCalls.get(0).id())
                .isNotEqualTo(first.toolCalls.get(1).id());
        context.assertBilling(first, List.of());
        context.shape(Scenario.PARALLEL_TOOLS, first);

        ArrayNode messages = Json.MAPPER.createArrayNode();
        messages.add(Json.MAPPER.readTree(ask));
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        ArrayNode calls = assistant.putArray("tool_calls");
        for (Call call : first.toolCalls) {
            ObjectNode node = calls.addObject();
            node.put("id", call.id());
            node.put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        for (Call call : first.toolCalls) {
            ObjectNode result = messages.addObject();
            result.put("role", "tool");
            result.put("tool_call_id", call.id());
            result.put("content", call.name().equals("get_weather") ? "{\"celsius\":18}" : "14:05");
        }
        Answer second = context.send(messages.toString(), "\"tools\":" + TOOLS);
        second.assertSuccess("stop");
        assertThat(second.content).isNotBlank();
        assertThat(second.toolCalls).isEmpty();
        context.assertBilling(second, List.of());
        return "pass";
    }

    private static String forcedTool(Context context) throws Exception {
        Answer answer = context.send(
                "[{\"role\":\"user\",\"content\":\"What's the weather in Paris?\"}]",
                "\"tools\":" + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}");
        answer.assertSuccess("tool_calls");
        assertThat(answer.toolCalls).extracting(Call::name).containsExactly("get_time");
        context.assertBilling(answer, List.of());
        context.shape(Scenario.FORCED_TOOL, answer);
        return "pass";
    }

    private static String reasoning(Context context) throws Exception {
        Answer answer = context.send(
                "[{\"role\":\"user\",\"content\":\"Think it through: what is 17 times 23?\"}]",
                "\"reasoning\":{\"effort\":\"low\"}");
        answer.assertSuccess("stop");
        assertThat(answer.content).isNotBlank();
        if (!context.supports("reasoning")) {
            context.assertBilling(answer, List.of("reasoning"));
            assertThat(answer.reasoning).isEmpty();
            return note(
                    3,
                    "dropped³",
                    "³ The endpoint does not list `reasoning`: the gateway drops it (recorded in the"
                            + " generation's `dropped_parameters`) and the model answers without reasoning.");
        }
        assertThat(answer.reasoning).as("reasoning text").isNotBlank();
        long reasoningTokens =
                answer.usage.at("/completion_tokens_details/reasoning_tokens").asLong();
        context.assertBilling(answer, List.of());
        context.shape(Scenario.REASONING, answer);
        if (reasoningTokens == 0 && context.wire() == WireFormat.ANTHROPIC && context.stream) {
            return note(
                    5,
                    "pass⁵",
                    "⁵ Anthropic's event stream reports no thinking-token count (its final `usage` has"
                            + " only `output_tokens`, thinking included, as the recorded streams show), so"
                            + " `reasoning_tokens` is 0 there; the reasoning text streams and the billing is exact.");
        }
        assertThat(reasoningTokens).as("reasoning tokens").isPositive();
        return "pass";
    }

    private static String jsonSchema(Context context) throws Exception {
        Answer answer = context.send(
                "[{\"role\":\"user\",\"content\":\"Name a large city.\"}]", "\"response_format\":" + JSON_SCHEMA);
        answer.assertSuccess("stop");
        JsonNode city = Json.MAPPER.readTree(answer.content);
        assertThat(city.isObject()).as(answer.content).isTrue();
        assertThat(city.path("name").isString()).as(answer.content).isTrue();
        assertThat(city.path("population").isIntegralNumber())
                .as(answer.content)
                .isTrue();
        context.assertBilling(answer, List.of());
        context.shape(Scenario.JSON_SCHEMA, answer);
        return "pass";
    }

    private static String stopSequences(Context context) throws Exception {
        String messages = "[{\"role\":\"user\",\"content\":\"Tell me about rivers.\"}]";
        String full = new Context(context.column, false).send(messages, "").content;
        String[] words = full.split(" ");
        assertThat(words.length).isGreaterThan(6);
        String stop = " " + words[4];
        String expected = full.substring(0, full.indexOf(stop));

        Answer answer = context.send(messages, "\"stop\":[" + Json.MAPPER.writeValueAsString(stop) + "]");
        answer.assertSuccess("stop");
        if (!context.supports("stop")) {
            assertThat(answer.content).isEqualTo(full);
            context.assertBilling(answer, List.of("stop"));
            return note(
                    4,
                    "dropped⁴",
                    "⁴ The endpoint does not list `stop` (OpenAI's reasoning models refuse it): the"
                            + " gateway drops it (in `dropped_parameters`) and the answer is not cut.");
        }
        assertThat(answer.content).isEqualTo(expected);
        context.assertBilling(answer, List.of());
        context.shape(Scenario.STOP_SEQUENCES, answer);
        return "pass";
    }

    private static String maxTokens(Context context) throws Exception {
        Answer answer =
                context.send("[{\"role\":\"user\",\"content\":\"Tell me about mountains.\"}]", "\"max_tokens\":5");
        answer.assertSuccess("length");
        assertThat(answer.usage.path("completion_tokens").asLong()).isBetween(1L, 5L);
        assertThat(answer.content).isNotBlank();
        context.assertBilling(answer, List.of());
        context.shape(Scenario.MAX_TOKENS, answer);
        return "pass";
    }

    private static String upstreamError(Context context, int injected, int expected, String rawContains)
            throws Exception {
        Answer answer = context.send(
                "[{\"role\":\"user\",\"content\":\"Say hello\"}]", "", "X-Sim-Status", Integer.toString(injected));
        assertThat(answer.status).as(answer.text).isEqualTo(expected);
        JsonNode error = Json.MAPPER.readTree(answer.text).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(expected);
        assertThat(error.path("message").asString()).contains(context.provider.name());
        assertThat(error.at("/metadata/provider_name").asString()).isEqualTo(context.provider.name());
        String raw = error.at("/metadata/raw").asString();
        assertThat(raw).as("the provider's own error body").isNotBlank();
        if (rawContains != null) {
            assertThat(raw.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).contains(rawContains);
        }
        if (expected == 429) {
            assertThat(answer.headers.firstValue("Retry-After")).isPresent();
        }
        JsonNode stats = generation(answer.headers.firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("status").asInt()).isEqualTo(expected);
        assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
        assertThat(stats.path("total_cost").decimalValue()).isZero();
        assertThat(stats.at("/provider_responses/0/status").asInt()).isEqualTo(injected);
        return "pass";
    }

    private static String midStreamError(Context context) throws Exception {
        Answer answer = context.send(
                "[{\"role\":\"user\",\"content\":\"Tell me about oceans.\"}]", "", "X-Sim-Error-After-Chunks", "3");
        String id = answer.headers.firstValue("X-Generation-Id").orElseThrow();
        if (!context.stream) {
            // Nothing was sent yet: the simulator answers 500, the client a 502.
            assertThat(answer.status).as(answer.text).isEqualTo(502);
            assertThat(generation(id).path("status").asInt()).isEqualTo(502);
            return "pass";
        }
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.done).as("no [DONE] after an error").isFalse();
        assertThat(answer.content + answer.reasoning)
                .as("content before the error")
                .isNotEmpty();
        JsonNode last = answer.chunks.getLast();
        assertThat(last.path("error").path("code").asInt()).isEqualTo(502);
        assertThat(last.path("error").path("message").asString()).contains(context.provider.name());
        assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("error");
        assertThat(last.path("id").asString()).isEqualTo(id);
        assertThat(answer.chunks).filteredOn(chunk -> chunk.has("usage")).isEmpty();
        JsonNode stats = generation(id);
        assertThat(stats.path("status").asInt()).isEqualTo(502);
        assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
        assertThat(stats.path("streamed").asBoolean()).isTrue();
        return "pass";
    }

    // ------------------------------------------------------------------ the common checks

    /** One column in one mode. */
    private static final class Context {
        final Column column;
        final boolean stream;
        final Model model;
        final Endpoint endpoint;
        final Provider provider;

        Context(Column column, boolean stream) {
            this.column = column;
            this.stream = stream;
            this.model = gateway.server().catalog().model(column.model()).orElseThrow();
            this.endpoint = gateway.server().catalog().endpoints(column.model()).stream()
                    .filter(candidate -> candidate.providerSlug().equals(column.providerSlug()))
                    .findFirst()
                    .orElseThrow();
            this.provider =
                    gateway.server().catalog().provider(column.providerSlug()).orElseThrow();
        }

        WireFormat wire() {
            return provider.wireFormat();
        }

        boolean supports(String parameter) {
            return ParameterSupport.supports(endpoint.supportedParameters(), parameter);
        }

        Answer send(String messages, String fields, String... headers) throws Exception {
            StringBuilder body = new StringBuilder("{\"model\":\"")
                    .append(column.model())
                    .append("\",\"stream\":")
                    .append(stream)
                    .append(",\"messages\":")
                    .append(messages);
            if (!column.extraFields().isEmpty()) {
                body.append(',').append(column.extraFields());
            }
            if (!fields.isEmpty()) {
                body.append(',').append(fields);
            }
            body.append('}');
            HttpResponse<String> response = gateway.postAuthorized("/chat/completions", body.toString(), headers);
            return new Answer(this, response);
        }

        /**
         * Usage reported to the client = the generation's stats; cost = the endpoint's prices × the tokens, computed
         * here; the request was served by the expected endpoint, which dropped exactly {@code dropped}.
         */
        void assertBilling(Answer answer, List<String> dropped) throws Exception {
            assertBilling(answer, dropped, 0);
        }

        void assertBilling(Answer answer, List<String> dropped, int images) throws Exception {
            JsonNode stats = generation(answer.id);
            long prompt = answer.usage.path("prompt_tokens").asLong();
            long completion = answer.usage.path("completion_tokens").asLong();
            long cached =
                    answer.usage.at("/prompt_tokens_details/cached_tokens").asLong();
            assertThat(prompt).isPositive();
            assertThat(completion).isPositive();
            assertThat(answer.usage.path("total_tokens").asLong()).isEqualTo(prompt + completion);
            assertThat(cached).as("no scenario caches").isZero();
            assertThat(stats.path("tokens_prompt").asLong()).isEqualTo(prompt);
            assertThat(stats.path("tokens_completion").asLong()).isEqualTo(completion);
            assertThat(stats.path("native_tokens_cached").asLong()).isEqualTo(cached);
            assertThat(stats.path("native_tokens_reasoning").asLong())
                    .isEqualTo(answer.usage
                            .at("/completion_tokens_details/reasoning_tokens")
                            .asLong());
            assertThat(stats.path("streamed").asBoolean()).isEqualTo(stream);
            assertThat(stats.path("finish_reason").asString()).isEqualTo(answer.finishReason);
            assertThat(stats.path("native_finish_reason").asString()).isEqualTo(answer.nativeFinishReason);

            // The endpoint's published prices: per prompt token, per completion token (reasoning at the
            // internal_reasoning price where there is one), per input image, per request. No prompt here comes near
            // a prompt-size price tier.
            Pricing pricing = endpoint.pricing();
            long reasoning = pricing.internalReasoning().signum() > 0
                    ? answer.usage
                            .at("/completion_tokens_details/reasoning_tokens")
                            .asLong()
                    : 0;
            BigDecimal expected = pricing.prompt()
                    .multiply(BigDecimal.valueOf(prompt))
                    .add(pricing.completion().multiply(BigDecimal.valueOf(completion - reasoning)))
                    .add(pricing.internalReasoning().multiply(BigDecimal.valueOf(reasoning)))
                    .add(pricing.image().multiply(BigDecimal.valueOf(images)))
                    .add(pricing.request());
            assertThat(answer.usage.path("cost").decimalValue()).isEqualByComparingTo(expected);
            assertThat(stats.path("total_cost").decimalValue()).isEqualByComparingTo(expected);

            JsonNode attempts = stats.path("provider_responses");
            JsonNode served = attempts.get(attempts.size() - 1);
            assertThat(served.path("endpoint").asString()).isEqualTo(endpoint.id());
            assertThat(served.path("status").asInt()).isEqualTo(200);
            List<String> actuallyDropped = new ArrayList<>();
            served.path("dropped_parameters").forEach(name -> actuallyDropped.add(name.asString()));
            assertThat(actuallyDropped).containsExactlyInAnyOrderElementsOf(dropped);
        }

        void shape(Scenario scenario, Answer answer) {
            String key = scenario.name() + (stream ? " streaming" : " non-streaming");
            synchronized (SHAPES) {
                SHAPES.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(column.label(), answer.shape);
            }
        }
    }

    record Call(String id, String type, String name, String arguments) {}

    /** A response as the client sees it, assembled from the body or from the stream as an OpenAI SDK would. */
    private static final class Answer {
        final int status;
        final String text;
        final java.net.http.HttpHeaders headers;
        final boolean stream;
        final Context context;
        final List<JsonNode> chunks = new ArrayList<>();
        String id;
        String content = "";
        String reasoning = "";
        List<Call> toolCalls = new ArrayList<>();
        String finishReason;
        String nativeFinishReason;
        JsonNode usage;
        boolean done;
        final Set<String> shape = new TreeSet<>();

        Answer(Context context, HttpResponse<String> response) throws IOException {
            this.context = context;
            this.status = response.statusCode();
            this.text = response.body();
            this.headers = response.headers();
            this.stream = context.stream;
            if (status != 200) {
                return;
            }
            if (stream) {
                parseStream();
            } else {
                parseBody();
            }
        }

        private void parseBody() throws IOException {
            JsonNode body = Json.MAPPER.readTree(text);
            shape(body, "", shape);
            id = body.path("id").asString();
            JsonNode choice = body.path("choices").get(0);
            JsonNode message = choice.path("message");
            content = message.path("content").asString("");
            reasoning = message.path("reasoning").asString("");
            for (JsonNode call : message.path("tool_calls")) {
                toolCalls.add(new Call(
                        call.path("id").asString(),
                        call.path("type").asString(),
                        call.at("/function/name").asString(),
                        call.at("/function/arguments").asString()));
            }
            finishReason = choice.path("finish_reason").asString(null);
            nativeFinishReason = choice.path("native_finish_reason").asString(null);
            usage = body.path("usage");
            chunks.add(body);
        }

        private void parseStream() throws IOException {
            Map<Integer, String[]> calls = new TreeMap<>();
            for (String event : text.split("\n\n")) {
                for (String line : event.split("\n")) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    String data = line.substring("data: ".length());
                    if (data.equals("[DONE]")) {
                        done = true;
                        continue;
                    }
                    assertThat(done).as("nothing after [DONE]").isFalse();
                    JsonNode chunk = Json.MAPPER.readTree(data);
                    chunks.add(chunk);
                    if (!chunk.has("error")) {
                        shape(chunk, "", shape);
                    }
                    if (chunk.get("usage") instanceof ObjectNode found) {
                        usage = found;
                    }
                    for (JsonNode choice : chunk.path("choices")) {
                        JsonNode delta = choice.path("delta");
                        content += delta.path("content").asString("");
                        reasoning += delta.path("reasoning").asString("");
                        for (JsonNode call : delta.path("tool_calls")) {
                            assertThat(call.path("index").canConvertToInt())
                                    .as("tool call deltas carry an index: " + chunk)
                                    .isTrue();
                            String[] accumulated = calls.computeIfAbsent(
                                    call.get("index").asInt(), i -> new String[] {null, null, "", ""});
                            if (call.path("id").isString()) {
                                accumulated[0] = call.get("id").asString();
                            }
                            if (call.path("type").isString()) {
                                accumulated[1] = call.get("type").asString();
                            }
                            accumulated[2] += call.at("/function/name").asString("");
                            accumulated[3] += call.at("/function/arguments").asString("");
                        }
                        JsonNode finish = choice.get("finish_reason");
                        if (finish != null && !finish.isNull()) {
                            assertThat(finishReason)
                                    .as("one finish reason per stream")
                                    .isNull();
                            finishReason = finish.asString();
                            nativeFinishReason =
                                    choice.path("native_finish_reason").asString(null);
                        }
                    }
                }
            }
            calls.values().forEach(c -> toolCalls.add(new Call(c[0], c[1], c[2], c[3])));
            id = chunks.isEmpty() ? null : chunks.getFirst().path("id").asString();
        }

        void assertSuccess(String expectedFinish) {
            assertThat(status).as(text).isEqualTo(200);
            assertThat(id).matches("gen-\\d+-[A-Za-z0-9]{20}");
            assertThat(headers.firstValue("X-Generation-Id")).contains(id);
            assertThat(finishReason).as("finish reason").isEqualTo(expectedFinish);
            assertThat(FINISH_REASONS).contains(finishReason);
            assertThat(nativeFinishReason)
                    .as("the provider's own reason is kept")
                    .isNotBlank();
            assertThat(usage).as("usage").isNotNull();
            for (JsonNode chunk : chunks) {
                assertThat(chunk.path("id").asString()).isEqualTo(id);
                assertThat(chunk.path("object").asString())
                        .isEqualTo(stream ? "chat.completion.chunk" : "chat.completion");
                assertThat(chunk.path("model").asString()).isEqualTo(context.column.model());
                assertThat(chunk.path("provider").asString()).isEqualTo(context.provider.name());
                assertThat(chunk.path("created").isIntegralNumber()).isTrue();
            }
            if (stream) {
                assertThat(done).as("the stream ends with [DONE]").isTrue();
                JsonNode last = chunks.getLast();
                assertThat(last.path("choices"))
                        .as("the usage chunk comes last")
                        .isEmpty();
                assertThat(chunks).filteredOn(chunk -> chunk.has("usage")).hasSize(1);
                assertThat(chunks.getFirst().at("/choices/0/delta/role").asString())
                        .isEqualTo("assistant");
            } else {
                JsonNode message = chunks.getFirst().at("/choices/0/message");
                assertThat(message.path("role").asString()).isEqualTo("assistant");
            }
            for (Call call : toolCalls) {
                assertThat(call.id()).isNotBlank();
                assertThat(call.type()).isEqualTo("function");
                assertThat(Json.MAPPER.readTree(call.arguments()).isObject())
                        .as(call.arguments())
                        .isTrue();
            }
        }
    }

    /**
     * The field paths and JSON types of a response: arrays are one element ({@code []}), values are types only. Text
     * is a string whoever answers; {@code content} may be null only beside tool calls.
     */
    private static void shape(JsonNode node, String path, Set<String> into) {
        if (node instanceof ObjectNode object) {
            into.add(path + ":object");
            object.properties().forEach(entry -> shape(entry.getValue(), path + "/" + entry.getKey(), into));
        } else if (node instanceof ArrayNode array) {
            into.add(path + ":array");
            array.forEach(element -> shape(element, path + "/[]", into));
        } else if (node.isNull()) {
            into.add(path + ":null");
        } else if (node.isNumber()) {
            into.add(path + ":number");
        } else if (node.isBoolean()) {
            into.add(path + ":boolean");
        } else {
            into.add(path + ":string");
        }
    }

    /**
     * Per scenario and mode, every column has the same paths with the same types. A {@code null} matches any type
     * (the field is nullable, present either way); {@code reasoning_details} is provider round-trip data (thought
     * signatures) that only some providers have and is left out.
     */
    private void sameShapes() {
        List<String> differences = new ArrayList<>();
        SHAPES.forEach((scenario, byColumn) -> {
            Map<String, Set<String>> comparable = new LinkedHashMap<>();
            byColumn.forEach((column, shape) -> comparable.put(column, comparable(shape)));
            Set<String> union = new TreeSet<>();
            comparable.values().forEach(union::addAll);
            comparable.forEach((column, shape) -> {
                Set<String> missing = new TreeSet<>();
                for (String field : union) {
                    boolean present = shape.contains(field)
                            || shape.contains(nullable(field))
                            || (field.endsWith(":null") && hasPath(shape, field));
                    if (!present) {
                        missing.add(field);
                    }
                }
                if (!missing.isEmpty()) {
                    differences.add(scenario + ", " + column + " lacks " + missing);
                }
            });
        });
        if (!differences.isEmpty()) {
            fail("responses differ in shape:\n" + String.join("\n", differences));
        }
    }

    private static Set<String> comparable(Set<String> shape) {
        Set<String> kept = new TreeSet<>();
        for (String field : shape) {
            if (!field.contains("/reasoning_details")) {
                kept.add(field);
            }
        }
        return kept;
    }

    private static String nullable(String field) {
        return field.substring(0, field.lastIndexOf(':')) + ":null";
    }

    /** Whether the path of {@code field} is there with some type. */
    private static boolean hasPath(Set<String> shape, String field) {
        String path = field.substring(0, field.lastIndexOf(':') + 1);
        return shape.stream().anyMatch(other -> other.startsWith(path));
    }

    // ------------------------------------------------------------------ helpers and the summary

    private static JsonNode generation(String id) throws Exception {
        HttpResponse<String> response = gateway.getAuthorized("/generation?id=" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("data");
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String note(int number, String cell, String note) {
        synchronized (NOTES) {
            NOTES.putIfAbsent(number, note);
        }
        return cell;
    }

    private static void record(Scenario scenario, Column column, boolean stream, String outcome) {
        synchronized (RESULTS) {
            RESULTS.computeIfAbsent(scenario, s -> new LinkedHashMap<>())
                    .computeIfAbsent(column.label(), c -> new String[] {"—", "—"})[stream ? 1 : 0] = outcome;
        }
    }

    private static String summary() {
        StringBuilder out = new StringBuilder("## Conformance (non-streaming / streaming)\n\n| scenario |");
        COLUMNS.forEach(column -> out.append(' ').append(column.label()).append(" |"));
        out.append("\n|---|");
        COLUMNS.forEach(column -> out.append("---|"));
        out.append('\n');
        synchronized (RESULTS) {
            for (Scenario scenario : Scenario.values()) {
                out.append("| ").append(scenario.title).append(" |");
                Map<String, String[]> row = RESULTS.getOrDefault(scenario, Map.of());
                for (Column column : COLUMNS) {
                    String[] cells = row.getOrDefault(column.label(), new String[] {"—", "—"});
                    out.append(' ')
                            .append(cells[0].equals(cells[1]) ? cells[0] : cells[0] + " / " + cells[1])
                            .append(" |");
                }
                out.append('\n');
            }
        }
        synchronized (NOTES) {
            if (!NOTES.isEmpty()) {
                out.append('\n');
                NOTES.values().forEach(note -> out.append(note).append("\n\n"));
            }
        }
        return out.toString();
    }
}
