package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.Charge;
import io.switchboard.accounting.CostBound;
import io.switchboard.accounting.CostCalculator;
import io.switchboard.accounting.GenerationLog;
import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.InsufficientFundsException;
import io.switchboard.accounting.PriceSchedule;
import io.switchboard.accounting.Quote;
import io.switchboard.accounting.RateLimiter;
import io.switchboard.accounting.TokenEstimator;
import io.switchboard.accounting.TokenUsage;
import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.config.ServerConfig;
import io.switchboard.config.UpstreamConfig;
import io.switchboard.json.Json;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.Principal;
import io.switchboard.providers.Cancellation;
import io.switchboard.providers.FinishReasons;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.ParameterFilter;
import io.switchboard.providers.ProviderAdapter;
import io.switchboard.providers.ProviderCredentials;
import io.switchboard.providers.UpstreamCall;
import io.switchboard.providers.UpstreamCompletion;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.UpstreamTarget;
import io.switchboard.routing.AutoRouter;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.ProviderLimits;
import io.switchboard.routing.RoutePlan;
import io.switchboard.routing.Router;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/chat/completions}: validate, check credits, route, try endpoints in order until one answers
 * (only before anything reached the client), relay the answer in OpenRouter's shape, bill it exactly, record it once.
 */
public final class ChatCompletionsHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    /** Output reserved for an endpoint that publishes neither a max output nor a context length. */
    private static final long DEFAULT_MAX_OUTPUT = 32_768;

    private final Supplier<Catalog> catalog;
    private final Router router;
    private final Map<WireFormat, ProviderAdapter> adapters;
    private final ProviderCredentials credentials;
    private final AccountService accounts;
    private final ByokService byok;
    private final RateLimiter rateLimiter;
    private final GenerationLog generations;
    private final ServerConfig server;
    private final UpstreamConfig upstream;
    private final Clock clock;
    private final RouteResolver routes;
    private final EndpointHealth health;
    private final ProviderLimits limits;

    public ChatCompletionsHandler(
            Supplier<Catalog> catalog,
            Router router,
            Map<WireFormat, ProviderAdapter> adapters,
            ProviderCredentials credentials,
            AccountService accounts,
            ByokService byok,
            RateLimiter rateLimiter,
            GenerationLog generations,
            ServerConfig server,
            UpstreamConfig upstream,
            Clock clock,
            AutoRouter autoRouter,
            ProviderLimits limits) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.router = requireNonNull(router, "router is null");
        this.adapters = Map.copyOf(adapters);
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.byok = requireNonNull(byok, "byok is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.generations = requireNonNull(generations, "generations is null");
        this.server = requireNonNull(server, "server is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.routes = new RouteResolver(router, autoRouter);
        this.health = router.health();
        this.limits = requireNonNull(limits, "limits is null");
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        ChatRequest request = ChatRequestParser.parse(exchange.body(server.maxBodyBytes()));
        Principal principal = exchange.principal();
        RateLimits.admit(
                exchange,
                rateLimiter.checkKey(principal.key().hash(), principal.key().rateLimitPerMinute()));
        accounts.ensureKnown(principal.user().id());
        Catalog snapshot = catalog.get();
        RouteResolver.Resolved route =
                routes.resolve(snapshot, request, principal.key().hash(), exchange.header("X-Session-Id"));
        List<Candidate> candidates = withByok(principal, candidates(snapshot, route.plan()));
        if (candidates.stream().allMatch(Candidate::free)) {
            RateLimits.admit(
                    exchange,
                    rateLimiter.checkFree(
                            principal.user().id(),
                            accounts.credits(principal.user().id())));
        }
        AccountService.Reservation reservation = reserve(principal, request, candidates);
        Generation generation = null;
        try {
            exchange.timeline().routed();
            long created = clock.instant().getEpochSecond();
            generation = new Generation(
                    GenerationIds.next(created),
                    created,
                    principal,
                    request,
                    exchange,
                    attribution(exchange),
                    route,
                    reservation);
            exchange.header("X-Generation-Id", generation.id);
            if (request.stream()) {
                stream(generation, candidates);
            } else {
                complete(generation, candidates);
            }
        } finally {
            if (generation != null) {
                generation.releasePermit();
            }
            accounts.release(reservation); // no-op once settled
        }
    }

    /**
     * BYOK first: a copy of every candidate whose provider the user has a key for goes before all shared candidates
     * (in the router's order within each part), as OpenRouter orders them. Shared capacity is dropped for providers
     * whose key is marked "always use", and for models that require BYOK.
     */
    private List<Candidate> withByok(Principal principal, List<Candidate> routed) throws ApiException {
        String userId = principal.user().id();
        List<Candidate> own = new ArrayList<>();
        List<Candidate> shared = new ArrayList<>();
        Model needsKey = null;
        for (Candidate candidate : routed) {
            Optional<ByokService.Credential> credential = byok.has(userId, candidate.provider.slug())
                    ? byok.credential(userId, candidate.provider.slug())
                    : Optional.empty();
            credential.ifPresent(key -> own.add(candidate.withByok(key)));
            if (candidate.model.requiresByok()) {
                needsKey = candidate.model;
            } else if (credential.isEmpty() || !credential.get().alwaysUse()) {
                shared.add(candidate);
            }
        }
        own.addAll(shared);
        if (own.isEmpty() && needsKey != null) {
            throw new ApiException(
                    403,
                    needsKey.id() + " requires your own provider key (BYOK) for one of its providers ("
                            + routed.stream()
                                    .map(candidate -> candidate.provider.name())
                                    .distinct()
                                    .toList()
                            + "). Add one with POST /api/v1/byok (or on the BYOK settings page), then retry.");
        }
        return own;
    }

    /** Reserves the worst case over every candidate; 402 with the affordable number of tokens when it cannot. */
    private AccountService.Reservation reserve(Principal principal, ChatRequest request, List<Candidate> candidates)
            throws ApiException {
        long promptBound = TokenEstimator.promptUpperBound(request.body());
        int images = TokenEstimator.inputImages(request.body().path("messages"));
        List<CostBound> bounds = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            bounds.add(CostCalculator.bound(
                    PriceSchedule.forEndpoint(candidate.model, candidate.endpoint),
                    promptBound,
                    maxCompletionTokens(request, candidate),
                    images,
                    candidate.byok != null));
        }
        try {
            return accounts.reserve(
                    principal.user().id(),
                    principal.key().hash(),
                    principal.key().limits(),
                    Quote.of(bounds));
        } catch (InsufficientFundsException e) {
            ObjectNode metadata = Json.object();
            metadata.putNull("provider_name");
            metadata.put("requested_tokens", e.requestedTokens());
            metadata.put("affordable_tokens", e.affordableTokens());
            throw new ApiException(402, e.getMessage(), metadata, null);
        }
    }

    /** {@code max_tokens}, or when absent the endpoint's max output (its context length when it publishes none). */
    private static long maxCompletionTokens(ChatRequest request, Candidate candidate) {
        if (request.maxTokens() != null) {
            return request.maxTokens();
        }
        if (candidate.endpoint.maxCompletionTokens() != null) {
            return candidate.endpoint.maxCompletionTokens();
        }
        long context = Math.max(candidate.endpoint.contextLength(), candidate.model.contextLength());
        return context > 0 ? context : DEFAULT_MAX_OUTPUT;
    }

    /** What an exact usage costs at a candidate, and what it bills when the candidate is the user's own key. */
    private static Charge charge(Generation generation, Candidate candidate, TokenUsage usage, boolean failed) {
        BigDecimal cost = CostCalculator.cost(
                PriceSchedule.forEndpoint(candidate.model, candidate.endpoint),
                usage,
                TokenEstimator.inputImages(generation.request.body().path("messages")),
                failed);
        return CostCalculator.charge(cost, candidate.byok != null);
    }

    private static List<Candidate> candidates(Catalog snapshot, RoutePlan plan) throws ApiException {
        List<Candidate> candidates = new ArrayList<>();
        for (RoutePlan.Route route : plan.routes()) {
            snapshot.provider(route.endpoint().providerSlug())
                    .ifPresent(provider -> candidates.add(new Candidate(route.model(), route.endpoint(), provider)));
        }
        if (candidates.isEmpty()) {
            throw new ApiException(404, "No endpoints found.");
        }
        return candidates;
    }

    private void complete(Generation generation, List<Candidate> candidates) throws ApiException {
        Cancellation cancellation = new Cancellation();
        generation.exchange.request().addFailureListener(cancellation::cancel);
        UpstreamException lastFailure = null;
        for (Candidate candidate : candidates) {
            Optional<UpstreamCall> call = prepare(generation, candidate, cancellation);
            if (call.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            try {
                UpstreamCompletion completion = adapter(candidate).complete(call.get());
                generation.exchange.timeline().upstreamConnected();
                generation.exchange.timeline().firstToken();
                generation.attempts.add(new Attempt(
                        candidate.provider.name(),
                        candidate.endpoint.id(),
                        200,
                        elapsedMs(started),
                        null,
                        candidate.byok != null));
                finishCompletion(generation, candidate, completion);
                return;
            } catch (UpstreamException e) {
                generation.attempts.add(new Attempt(
                        candidate.provider.name(),
                        candidate.endpoint.id(),
                        e.status(),
                        elapsedMs(started),
                        e.getMessage(),
                        candidate.byok != null));
                observeFailure(candidate, e);
                lastFailure = e;
                if (!retryable(generation, candidate, e) || cancellation.isCancelled()) {
                    break;
                }
            } catch (InvalidRequestException e) {
                ApiException error = invalidRequest(generation, candidate, e);
                recordFailure(generation, error, false, false);
                throw error;
            }
        }
        ApiException error = failure(generation, lastFailure, candidates);
        recordFailure(generation, error, false, cancellation.isCancelled());
        throw error;
    }

    private void finishCompletion(Generation generation, Candidate candidate, UpstreamCompletion completion) {
        ObjectNode body = completion.body();
        String upstreamId = body.path("id").asString(null);
        TokenUsage usage = TokenUsage.fromOpenAi(body.get("usage"));
        String nativeFinish = null;
        String finish = null;
        for (JsonNode choice : body.path("choices")) {
            if (choice instanceof ObjectNode object) {
                nativeFinish = normalizeFinish(object);
                finish = object.path("finish_reason").stringValue(null);
            }
        }
        Charge charge = charge(generation, candidate, usage, false);
        body.put("id", generation.id);
        body.put("object", "chat.completion");
        if (!body.path("created").isNumber()) {
            body.put("created", generation.created);
        }
        body.put("model", candidate.model.id());
        body.put("provider", candidate.provider.name());
        body.set("usage", UsageJson.of(usage, charge));
        ResponseShape.completion(body);
        generation.exchange.timeline().completed();
        settle(
                generation,
                candidate,
                usage,
                charge,
                completion.simulated(),
                false,
                false,
                finish,
                nativeFinish,
                200,
                null,
                upstreamId);
        generation.exchange.sendJson(200, body);
    }

    private void stream(Generation generation, List<Candidate> candidates) {
        Exchange exchange = generation.exchange;
        Cancellation cancellation = new Cancellation();
        exchange.request().addFailureListener(cancellation::cancel);
        SseWriter sse = new SseWriter(exchange, server.keepaliveIntervalMs());
        sse.startHeartbeat(() -> cancellation.cancel(new IOException("client went away during a heartbeat")));
        UpstreamException lastFailure = null;
        ApiException rejected = null;
        for (Candidate candidate : candidates) {
            Optional<UpstreamCall> call = prepare(generation, candidate, cancellation);
            if (call.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            UpstreamStream upstreamStream;
            try {
                upstreamStream = adapter(candidate).stream(call.get());
            } catch (InvalidRequestException e) {
                rejected = invalidRequest(generation, candidate, e);
                break;
            } catch (UpstreamException e) {
                generation.attempts.add(new Attempt(
                        candidate.provider.name(),
                        candidate.endpoint.id(),
                        e.status(),
                        elapsedMs(started),
                        e.getMessage(),
                        candidate.byok != null));
                observeFailure(candidate, e);
                lastFailure = e;
                if (!retryable(generation, candidate, e) || cancellation.isCancelled()) {
                    break;
                }
                continue;
            }
            exchange.timeline().upstreamConnected();
            generation.attempts.add(new Attempt(
                    candidate.provider.name(),
                    candidate.endpoint.id(),
                    200,
                    elapsedMs(started),
                    null,
                    candidate.byok != null));
            UpstreamException beforeFirstChunk = relay(generation, candidate, upstreamStream, sse, cancellation);
            if (beforeFirstChunk == null) {
                return;
            }
            lastFailure = beforeFirstChunk;
        }
        ApiException error = rejected != null ? rejected : failure(generation, lastFailure, candidates);
        boolean nothingWritten = sse.stopHeartbeat();
        recordFailure(generation, error, true, cancellation.isCancelled());
        if (nothingWritten) {
            exchange.sendError(error);
            return;
        }
        try {
            sse.data(Json.MAPPER.writeValueAsBytes(errorChunk(generation, null, error)));
            exchange.finish();
        } catch (IOException e) {
            exchange.abort(e);
        }
    }

    /**
     * Relays one upstream stream to the client. Returns the failure when the stream broke before its first chunk
     * reached the client and another endpoint may be tried; null when the request is finished (whatever its outcome).
     */
    private UpstreamException relay(
            Generation generation,
            Candidate candidate,
            UpstreamStream upstreamStream,
            SseWriter sse,
            Cancellation cancellation) {
        Exchange exchange = generation.exchange;
        cancellation.onCancel(upstreamStream::abort);
        TokenUsage usage = null;
        String nativeFinish = null;
        String normalizedFinish = null;
        long streamedChars = 0;
        boolean roleSent = false;
        boolean cancelled = false;
        ApiException midStreamError = null;
        try (upstreamStream) {
            ObjectNode chunk;
            while ((chunk = upstreamStream.next()) != null) {
                // Usage is requested upstream on every stream; clients get it once, in the final chunk, with the cost.
                JsonNode reportedUsage = chunk.remove("usage");
                if (reportedUsage != null && reportedUsage.isObject()) {
                    usage = TokenUsage.fromOpenAi(reportedUsage);
                }
                JsonNode choices = chunk.get("choices");
                if (!(choices instanceof ArrayNode choiceArray) || choiceArray.isEmpty()) {
                    continue;
                }
                exchange.timeline().firstToken();
                for (JsonNode choice : choiceArray) {
                    if (!(choice instanceof ObjectNode object)) {
                        continue;
                    }
                    String finish = normalizeFinish(object);
                    if (finish != null) {
                        nativeFinish = finish;
                        normalizedFinish = object.path("finish_reason").stringValue(null);
                    }
                    JsonNode delta = object.get("delta");
                    if (delta instanceof ObjectNode deltaObject) {
                        if (!roleSent && !deltaObject.has("role")) {
                            deltaObject.put("role", "assistant");
                        }
                        streamedChars +=
                                deltaObject.path("content").asString("").length();
                        streamedChars +=
                                deltaObject.path("reasoning").asString("").length();
                    }
                }
                roleSent = true;
                shapeChunk(chunk, generation, candidate);
                sse.stopHeartbeat();
                sse.data(Json.MAPPER.writeValueAsBytes(chunk));
            }
        } catch (UpstreamException e) {
            if (cancellation.isCancelled()) {
                cancelled = true;
            } else if (!roleSent && UpstreamFailures.retryable(e)) {
                // Nothing reached the client yet (an error event or a stall before the first chunk): fall back.
                Attempt connected = generation.attempts.getLast();
                generation.attempts.set(
                        generation.attempts.size() - 1,
                        new Attempt(
                                connected.provider(),
                                connected.endpoint(),
                                e.status(),
                                connected.latencyMs(),
                                e.getMessage()));
                observeFailure(candidate, e);
                return e;
            } else {
                midStreamError = new ApiException(
                        502,
                        "Upstream error from " + candidate.provider.name() + ": " + e.getMessage(),
                        providerMetadata(candidate.provider, e, candidate.byok != null),
                        null);
                generation.attempts.set(
                        generation.attempts.size() - 1,
                        new Attempt(
                                candidate.provider.name(),
                                candidate.endpoint.id(),
                                200,
                                0,
                                e.getMessage(),
                                candidate.byok != null));
            }
        } catch (IOException e) {
            cancelled = true;
            cancellation.cancel(e);
        }
        sse.stopHeartbeat();
        exchange.timeline().completed();
        boolean estimated = usage == null;
        if (usage == null) {
            usage = new TokenUsage(
                    TokenEstimator.estimatePrompt(generation.request.body().path("messages")),
                    TokenEstimator.ofText("x".repeat((int) Math.min(streamedChars, Integer.MAX_VALUE))),
                    0,
                    0,
                    0);
        }
        boolean failed = midStreamError != null;
        Charge charge = charge(generation, candidate, usage, failed);
        String finish = failed ? "error" : cancelled ? null : normalizedFinish;
        settle(
                generation,
                candidate,
                usage,
                charge,
                upstreamStream.simulated(),
                true,
                cancelled,
                finish,
                nativeFinish,
                failed ? midStreamError.status() : cancelled ? 499 : 200,
                failed ? midStreamError.getMessage() : cancelled ? "client disconnected" : null,
                null);
        if (cancelled) {
            exchange.abort(new IOException("client disconnected"));
            return null;
        }
        try {
            if (failed) {
                sse.data(Json.MAPPER.writeValueAsBytes(errorChunk(generation, candidate, midStreamError)));
            } else {
                ObjectNode usageChunk = Json.object();
                usageChunk.put("id", generation.id);
                usageChunk.put("object", "chat.completion.chunk");
                usageChunk.put("created", generation.created);
                usageChunk.put("model", candidate.model.id());
                usageChunk.put("provider", candidate.provider.name());
                usageChunk.putArray("choices");
                usageChunk.set("usage", UsageJson.of(usage, charge));
                sse.data(Json.MAPPER.writeValueAsBytes(usageChunk));
                sse.done();
            }
            exchange.finish();
        } catch (IOException e) {
            exchange.abort(e);
        }
        if (estimated && !failed) {
            LOG.debug("generation {} ended without provider usage; tokens were estimated", generation.id);
        }
        return null;
    }

    private static void shapeChunk(ObjectNode chunk, Generation generation, Candidate candidate) {
        // OpenAI pads chunks with random "obfuscation" against side channels on its own connection; not ours to relay.
        chunk.remove("obfuscation");
        chunk.put("id", generation.id);
        chunk.put("object", "chat.completion.chunk");
        if (!chunk.path("created").isNumber()) {
            chunk.put("created", generation.created);
        }
        chunk.put("model", candidate.model.id());
        chunk.put("provider", candidate.provider.name());
        ResponseShape.chunk(chunk);
    }

    /**
     * Moves the provider's finish reason to {@code native_finish_reason} and normalises it; returns the native one. An
     * adapter may set {@code native_finish_reason} itself when its native reason alone would normalise wrongly (Gemini
     * reports {@code STOP} for tool calls): that one is kept and only {@code finish_reason} is normalised.
     */
    private static String normalizeFinish(ObjectNode choice) {
        JsonNode finish = choice.get("finish_reason");
        if (finish == null || finish.isNull()) {
            choice.putNull("finish_reason");
            choice.putNull("native_finish_reason");
            return null;
        }
        JsonNode supplied = choice.get("native_finish_reason");
        String nativeReason = supplied != null && supplied.isString() ? supplied.asString() : finish.asString();
        choice.put("native_finish_reason", nativeReason);
        choice.put("finish_reason", FinishReasons.normalize(finish.asString()));
        return nativeReason;
    }

    private ObjectNode errorChunk(Generation generation, Candidate candidate, ApiException error) {
        ObjectNode chunk = Json.object();
        chunk.put("id", generation.id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", generation.created);
        if (candidate != null) {
            chunk.put("model", candidate.model.id());
            chunk.put("provider", candidate.provider.name());
        }
        chunk.set("error", error.envelope().get("error"));
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("content", "");
        choice.put("finish_reason", "error");
        choice.putNull("native_finish_reason");
        return chunk;
    }

    private Optional<UpstreamCall> prepare(Generation generation, Candidate candidate, Cancellation cancellation) {
        Optional<String> key =
                candidate.byok != null ? Optional.of(candidate.byok.secret()) : credentials.keyFor(candidate.provider);
        if (key.isEmpty()) {
            generation.attempts.add(new Attempt(
                    candidate.provider.name(),
                    candidate.endpoint.id(),
                    0,
                    0,
                    "no API key configured (set " + candidate.provider.apiKeyEnv() + ")"));
            return Optional.empty();
        }
        if (!adapters.containsKey(candidate.provider.wireFormat())) {
            generation.attempts.add(new Attempt(
                    candidate.provider.name(),
                    candidate.endpoint.id(),
                    0,
                    0,
                    "no adapter for wire format " + candidate.provider.wireFormat()));
            return Optional.empty();
        }
        if (!admit(generation, candidate)) {
            return Optional.empty();
        }
        ParameterFilter.Filtered filtered = ParameterFilter.apply(generation.request.body(), candidate.endpoint);
        generation.droppedParameters.put(candidate.endpoint.id(), filtered.dropped());
        ProviderLimits.Timeouts timeouts = limits.timeouts(candidate.provider.slug());
        return Optional.of(new UpstreamCall(
                new UpstreamTarget(candidate.provider, candidate.endpoint, key.get(), candidate.byok != null),
                filtered.request(),
                timeouts.firstByte(),
                timeouts.idle(),
                timeouts.total(),
                cancellation,
                simulatorDirectives(generation.exchange)));
    }

    /** Takes a slot in the provider's bulkhead; a full provider is skipped with a recorded attempt. */
    private boolean admit(Generation generation, Candidate candidate) {
        generation.releasePermit();
        Optional<ProviderLimits.Permit> permit = limits.tryAcquire(candidate.provider.slug());
        if (permit.isEmpty()) {
            generation.attempts.add(new Attempt(
                    candidate.provider.name(),
                    candidate.endpoint.id(),
                    0,
                    0,
                    "provider busy: " + limits.maxConcurrent(candidate.provider.slug())
                            + " requests already in flight (upstream.max_concurrent_per_provider)"));
            return false;
        }
        generation.permit = permit.get();
        generation.attemptStarted = System.nanoTime();
        return true;
    }

    /** Feeds endpoint health with an attempt that failed before the first byte. */
    private void observeFailure(Candidate candidate, UpstreamException failure) {
        if (candidate.byok != null && byokRejected(failure)) {
            return; // the user's key was refused: says nothing about the endpoint's health
        }
        switch (UpstreamFailures.healthEffect(failure)) {
            case FAILURE -> health.recordFailure(candidate.endpoint.id());
            case EXCLUDED -> health.recordExcluded(candidate.endpoint.id());
            case NONE -> {}
        }
    }

    /** Feeds endpoint health (and sticky routing) with the attempt that produced the generation. */
    private void observeSettled(Generation generation, Candidate candidate, TokenUsage usage, int status) {
        if (status == 200) {
            RequestTimeline timeline = generation.exchange.timeline();
            Long ttft = timeline.firstTokenAfter(generation.attemptStarted);
            // OpenRouter's throughput: output tokens over the whole generation time, latency included.
            long totalNanos = timeline.completedAfterNanos(generation.attemptStarted);
            double tokensPerSecond = usage.completionTokens() > 0 && totalNanos > 0
                    ? usage.completionTokens() * 1e9 / totalNanos
                    : Double.NaN;
            health.recordSuccess(candidate.endpoint.id(), ttft == null ? -1 : ttft, tokensPerSecond);
            routes.router().served(generation.route.request(), candidate.model, candidate.endpoint);
        } else if (status != 499) {
            health.recordFailure(candidate.endpoint.id());
        }
    }

    /** In simulated mode, {@code X-Sim-*} headers reach the simulator so tests and demos can script failures. */
    private Map<String, String> simulatorDirectives(Exchange exchange) {
        if (!credentials.simulated()) {
            return Map.of();
        }
        return exchange.headersStartingWith("X-Sim-");
    }

    private ProviderAdapter adapter(Candidate candidate) {
        return adapters.get(candidate.provider.wireFormat());
    }

    private ApiException failure(Generation generation, UpstreamException last, List<Candidate> candidates) {
        if (last == null) {
            String model = candidates.getFirst().model.id();
            return new ApiException(
                    503,
                    "No provider for " + model + " is usable: "
                            + generation.attempts.stream()
                                    .map(Attempt::error)
                                    .distinct()
                                    .toList());
        }
        Provider provider = providerOf(generation, candidates);
        boolean lastByok =
                !generation.attempts.isEmpty() && generation.attempts.getLast().byok();
        ObjectNode metadata = providerMetadata(provider, last, lastByok);
        if (!generation.byokRejections.isEmpty()) {
            ArrayNode rejected = metadata.putArray("byok_errors");
            generation.byokRejections.forEach(rejected::add);
        }
        if (lastByok && byokRejected(last)) {
            metadata.put("byok_key_rejected", true);
            return new ApiException(
                    403,
                    provider.name() + " rejected your own API key (BYOK) with HTTP " + last.status()
                            + ". Check or replace it with PATCH /api/v1/byok/{id}.",
                    metadata,
                    null);
        }
        return switch (last.kind()) {
            case FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT ->
                new ApiException(408, "Request timed out waiting for " + provider.name() + ".", metadata, null);
            case CANCELLED -> new ApiException(499, "Request cancelled by the client.", metadata, null);
            case CONNECT, PROTOCOL, STREAM_ERROR ->
                new ApiException(
                        502,
                        "Provider " + provider.name() + " is unreachable or failed: " + last.getMessage(),
                        metadata,
                        null);
            case HTTP_STATUS -> {
                int status = last.status();
                if (status == 429) {
                    yield new ApiException(
                            429,
                            "Provider " + provider.name() + " is rate limiting requests.",
                            metadata,
                            last.retryAfter().orElse(Duration.ofSeconds(1)));
                }
                if (status >= 400 && status < 500) {
                    yield new ApiException(
                            status,
                            "Provider " + provider.name() + " rejected the request (HTTP " + status + ").",
                            metadata,
                            null);
                }
                yield new ApiException(
                        502, "Provider " + provider.name() + " returned error HTTP " + status + ".", metadata, null);
            }
        };
    }

    /** The request cannot be translated for this provider: the client's fault, so a 400 and no other endpoint. */
    private static ApiException invalidRequest(
            Generation generation, Candidate candidate, InvalidRequestException failure) {
        generation.attempts.add(
                new Attempt(candidate.provider.name(), candidate.endpoint.id(), 400, 0, failure.getMessage()));
        return ApiException.badRequest(failure.getMessage());
    }

    private static Provider providerOf(Generation generation, List<Candidate> candidates) {
        String lastProvider = generation.attempts.isEmpty()
                ? null
                : generation.attempts.getLast().provider();
        return candidates.stream()
                .map(Candidate::provider)
                .filter(provider -> provider.name().equals(lastProvider))
                .findFirst()
                .orElse(candidates.getFirst().provider);
    }

    private static ObjectNode providerMetadata(Provider provider, UpstreamException failure) {
        return providerMetadata(provider, failure, false);
    }

    private static ObjectNode providerMetadata(Provider provider, UpstreamException failure, boolean byok) {
        ObjectNode metadata = Json.object();
        metadata.put("provider_name", provider.name());
        metadata.put("raw", failure.raw().orElse(failure.getMessage()));
        metadata.put("is_byok", byok);
        return metadata;
    }

    /** The provider refused the user's own key: worth telling the user, and shared capacity may still serve. */
    private static boolean byokRejected(UpstreamException failure) {
        return failure.kind() == UpstreamException.Kind.HTTP_STATUS
                && (failure.status() == 401 || failure.status() == 403);
    }

    /** Whether the next candidate may be tried: the usual rules, and after a rejected BYOK key. */
    private static boolean retryable(Generation generation, Candidate candidate, UpstreamException failure) {
        if (candidate.byok != null && byokRejected(failure)) {
            ObjectNode rejection = Json.object();
            rejection.put("provider_name", candidate.provider.name());
            rejection.put("byok_key_id", candidate.byok.id());
            rejection.put("status", failure.status());
            rejection.put("raw", failure.raw().orElse(failure.getMessage()));
            generation.byokRejections.add(rejection);
            return true;
        }
        return UpstreamFailures.retryable(failure);
    }

    private void settle(
            Generation generation,
            Candidate candidate,
            TokenUsage usage,
            Charge charge,
            boolean simulated,
            boolean streamed,
            boolean cancelled,
            String finishReason,
            String nativeFinishReason,
            int status,
            String error,
            String upstreamId) {
        Principal principal = generation.principal;
        observeSettled(generation, candidate, usage, status);
        accounts.settle(generation.reservation, charge);
        generations.record(new GenerationRecord(
                generation.id,
                principal.user().id(),
                principal.key().hash(),
                candidate.model.id(),
                candidate.provider.slug(),
                candidate.provider.name(),
                upstreamId,
                usage.promptTokens(),
                usage.completionTokens(),
                usage.cachedTokens(),
                usage.reasoningTokens(),
                charge.billed(),
                charge.byok(),
                streamed,
                cancelled,
                simulated,
                finishReason,
                nativeFinishReason,
                generation.exchange.timeline().timeToFirstTokenMs(),
                generation.exchange.timeline().generationTimeMs(),
                status,
                error,
                generation.attribution.referer(),
                generation.attribution.title(),
                routeJson(generation, candidate),
                clock.instant(),
                charge.upstream()));
    }

    private void recordFailure(Generation generation, ApiException error, boolean streamed, boolean cancelled) {
        generation.exchange.timeline().completed();
        accounts.release(generation.reservation);
        Principal principal = generation.principal;
        String lastProvider = generation.attempts.isEmpty()
                ? null
                : generation.attempts.getLast().provider();
        generations.record(new GenerationRecord(
                generation.id,
                principal.user().id(),
                principal.key().hash(),
                generation.request.models().getFirst(),
                null,
                lastProvider,
                null,
                0,
                0,
                0,
                0,
                BigDecimal.ZERO,
                false,
                streamed,
                cancelled,
                false,
                "error",
                null,
                null,
                generation.exchange.timeline().generationTimeMs(),
                error.status(),
                error.getMessage(),
                generation.attribution.referer(),
                generation.attribution.title(),
                routeJson(generation, null),
                clock.instant()));
    }

    private static String routeJson(Generation generation, Candidate selected) {
        return RouteJson.render(
                generation.route,
                generation.attempts,
                selected == null
                        ? null
                        : new RouteJson.Selected(
                                selected.model.id(),
                                selected.provider.name(),
                                selected.provider.slug(),
                                selected.endpoint.id()),
                generation.droppedParameters);
    }

    private static Attribution attribution(Exchange exchange) {
        String title = exchange.header("X-OpenRouter-Title");
        if (title == null) {
            title = exchange.header("X-Title");
        }
        return new Attribution(exchange.header("HTTP-Referer"), title);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** @param byok the user's own key for this provider, or null for shared capacity */
    private record Candidate(Model model, Endpoint endpoint, Provider provider, ByokService.Credential byok) {
        Candidate(Model model, Endpoint endpoint, Provider provider) {
            this(model, endpoint, provider, null);
        }

        Candidate withByok(ByokService.Credential credential) {
            return new Candidate(model, endpoint, provider, credential);
        }

        boolean free() {
            return model.id().endsWith(":free") || endpoint.pricing().isFree();
        }
    }

    private record Attribution(String referer, String title) {}

    /** What one request accumulates while it is tried. */
    private static final class Generation {
        final String id;
        final long created;
        final Principal principal;
        final ChatRequest request;
        final Exchange exchange;
        final Attribution attribution;
        final AccountService.Reservation reservation;
        final RouteResolver.Resolved route;
        final List<Attempt> attempts = new ArrayList<>(2);
        final List<ObjectNode> byokRejections = new ArrayList<>(0);
        ProviderLimits.Permit permit;
        long attemptStarted = System.nanoTime();
        /** Per endpoint id: the request parameters it does not support, dropped before sending. */
        final Map<String, List<String>> droppedParameters = new HashMap<>(2);

        Generation(
                String id,
                long created,
                Principal principal,
                ChatRequest request,
                Exchange exchange,
                Attribution attribution,
                RouteResolver.Resolved route,
                AccountService.Reservation reservation) {
            this.id = id;
            this.created = created;
            this.principal = principal;
            this.request = request;
            this.exchange = exchange;
            this.attribution = attribution;
            this.reservation = reservation;
            this.route = route;
        }

        void releasePermit() {
            if (permit != null) {
                permit.close();
                permit = null;
            }
        }
    }
}
