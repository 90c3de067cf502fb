package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The auto router ({@code openrouter/auto}, alias {@code switchboard/auto}): picks one concrete model from a pool by
 * what the request needs and how hard it looks. Deterministic and explainable; no randomness, no model call.
 *
 * <ol>
 *   <li><b>Needs</b> filter the pool: every input modality used, tools, JSON schema or JSON mode, and a context that
 *       holds the prompt plus {@code max_tokens}. A model without endpoints or with an unknown price is skipped.
 *   <li><b>Difficulty</b> (0 to 100) from the prompt: base {@value #BASE}; long prompt +10, very long +20; code +20;
 *       maths +20; a multi-part request (three or more list items) +10; a long conversation +5; tools +10; a JSON
 *       schema +5; a very short prompt without any of these −10; explicit intent: "think hard", "step by step", "in depth", ... +35, "quick
 *       answer", "briefly", "tl;dr", ... −30.
 *   <li><b>Pick</b>: the eligible models ranked by price (prompt plus completion), cheapest first; the difficulty
 *       selects the rank {@code round(difficulty / 100 × (n − 1))}, so easy requests get cheap models and hard ones
 *       the strongest (most expensive) of the pool.
 *   <li><b>Reasoning effort</b>, for a model that supports {@code reasoning} when the client set none: a "think hard"
 *       intent gives {@code high}, a "quick answer" intent {@code low}; otherwise difficulty ≥ 67 gives {@code high},
 *       ≥ 34 {@code medium}, below {@code low}.
 * </ol>
 */
public final class AutoRouter {
    public static final Set<String> MODEL_IDS = Set.of("openrouter/auto", "switchboard/auto");

    /** A pool of real catalog models from cheap and fast to strong, across providers and modalities. */
    public static final List<String> DEFAULT_POOL = List.of(
            "openai/gpt-5-nano",
            "google/gemini-2.5-flash-lite",
            "openai/gpt-5-mini",
            "deepseek/deepseek-chat-v3.1",
            "google/gemini-3-flash-preview",
            "anthropic/claude-haiku-4.5",
            "openai/gpt-5.1",
            "google/gemini-3.1-pro-preview",
            "anthropic/claude-sonnet-4.5",
            "anthropic/claude-opus-4.6");

    static final int BASE = 20;
    private static final int MAX_TEXT = 32_768;

    private static final List<String> DEEP_PHRASES = List.of(
            "think hard",
            "think harder",
            "think carefully",
            "think deeply",
            "step by step",
            "step-by-step",
            "in depth",
            "in-depth",
            "thoroughly",
            "rigorous",
            "ultrathink",
            "deep dive",
            "reason carefully",
            "take your time");
    private static final List<String> QUICK_PHRASES = List.of(
            "quick answer",
            "quick question",
            "quickly",
            "briefly",
            "be brief",
            "short answer",
            "tl;dr",
            "tldr",
            "one word",
            "one-word",
            "just the answer",
            "no explanation",
            "in one sentence",
            "keep it short");
    private static final Pattern CODE_LINE = Pattern.compile(
            "(?m)^\\s*(?:def |class |import |from \\S+ import |public |private |function |const |let |var |#include"
                    + "|fn |func |package |SELECT |return\\b).*$|(?m)[;{]\\s*$");
    private static final Set<String> CODE_WORDS =
            Set.of("refactor", "debug", "debugging", "traceback", "segfault", "regex", "compile", "compiler");
    private static final List<String> CODE_PHRASES =
            List.of("stack trace", "compile error", "unit test", "null pointer");
    private static final Set<String> MATH_WORDS = Set.of(
            "prove",
            "proof",
            "theorem",
            "lemma",
            "integral",
            "derivative",
            "differentiate",
            "equation",
            "eigenvalue",
            "eigenvalues",
            "matrix",
            "matrices",
            "probability",
            "polynomial",
            "factorial",
            "modulo",
            "combinatorics");
    /** LaTeX commands, inline {@code $...$}, maths symbols and powers; only run when such characters occur. */
    private static final Pattern MATH_NOTATION =
            Pattern.compile("\\\\(?:frac|int|sum|sqrt|lim|prod)\\b|\\$[^$\\n]{1,200}\\$|[∑∫√∂≤≥≠∞π]|\\d\\s*\\^\\s*\\d");

    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:\\d+[.)]|[-*•])\\s+\\S");

    private final Supplier<Catalog> catalog;
    private final List<String> pool;

    public AutoRouter(Supplier<Catalog> catalog, List<String> pool) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.pool = pool == null || pool.isEmpty() ? DEFAULT_POOL : List.copyOf(pool);
    }

    public static boolean isAuto(String model) {
        return MODEL_IDS.contains(model);
    }

    public List<String> pool() {
        return pool;
    }

    /** What the prompt asks for, beyond its size. */
    public enum Intent {
        /** "think hard", "step by step", ... */
        DEEP,
        /** "quick answer", "briefly", ... */
        QUICK,
        NONE
    }

    /** The difficulty of a request and the signals it came from. */
    public record Assessment(int difficulty, Intent intent, List<String> signals) {
        public Assessment {
            signals = List.copyOf(signals);
        }

        public String tier() {
            return difficulty < 34 ? "light" : difficulty < 67 ? "standard" : "heavy";
        }

        /** The reasoning effort this request deserves. */
        public String effort() {
            return switch (intent) {
                case DEEP -> "high";
                case QUICK -> "low";
                case NONE -> difficulty >= 67 ? "high" : difficulty >= 34 ? "medium" : "low";
            };
        }
    }

    /**
     * The auto router's decision.
     *
     * @param effort the {@code reasoning.effort} to set, null when the model does not reason or the client set one
     * @param eligible the models that met the request's needs, cheapest first
     * @param reason one sentence for the generation's route
     */
    public record Choice(Model model, Assessment assessment, String effort, List<String> eligible, String reason) {
        public Choice {
            requireNonNull(model, "model is null");
            eligible = List.copyOf(eligible);
        }
    }

    /**
     * Picks the model.
     *
     * @param allowedModels the {@code auto-router} plugin's {@code allowed_models} (exact ids or {@code author/*}
     *     patterns); when given, they replace the pool with the catalog's matching models
     * @param excludedModels patterns never to pick
     */
    public Choice choose(RouteRequest request, List<String> allowedModels, List<String> excludedModels)
            throws NoRouteException {
        Catalog snapshot = catalog.get();
        List<Model> candidates = new ArrayList<>();
        if (allowedModels != null && !allowedModels.isEmpty()) {
            for (Model model : snapshot.models()) {
                if (!model.id().contains(":") && !isRouter(model) && matchesAny(model.id(), allowedModels)) {
                    candidates.add(model);
                }
            }
        } else {
            for (String id : pool) {
                snapshot.model(id).ifPresent(candidates::add);
            }
        }
        if (excludedModels != null && !excludedModels.isEmpty()) {
            candidates.removeIf(model -> matchesAny(model.id(), excludedModels));
        }
        Set<String> needs = new LinkedHashSet<>();
        List<Model> eligible = new ArrayList<>();
        for (Model model : candidates) {
            if (meetsNeeds(snapshot, model, request, needs)) {
                eligible.add(model);
            }
        }
        if (eligible.isEmpty()) {
            throw new NoRouteException("The auto router found no model"
                    + (allowedModels == null || allowedModels.isEmpty()
                            ? " in its pool"
                            : " among allowed_models " + allowedModels)
                    + (needs.isEmpty() ? "" : " that supports " + String.join(", ", needs))
                    + ".");
        }
        eligible.sort(Comparator.comparingDouble(AutoRouter::price).thenComparing(Model::id));
        Assessment assessment = assess(request);
        int rank = (int) Math.round(assessment.difficulty() / 100.0 * (eligible.size() - 1));
        Model chosen = eligible.get(rank);
        String effort = chosen.supportedParameters().contains("reasoning") && !request.reasoningRequested()
                ? assessment.effort()
                : null;
        StringBuilder reason = new StringBuilder("auto router: difficulty ")
                .append(assessment.difficulty())
                .append("/100");
        if (!assessment.signals().isEmpty()) {
            reason.append(" (").append(String.join(", ", assessment.signals())).append(')');
        }
        reason.append(" → ")
                .append(assessment.tier())
                .append("; chose ")
                .append(chosen.id())
                .append(", rank ")
                .append(rank + 1)
                .append(" of ")
                .append(eligible.size())
                .append(" eligible models by price");
        if (!needs.isEmpty()) {
            reason.append("; needs ").append(String.join(", ", needs));
        }
        if (effort != null) {
            reason.append("; reasoning.effort ").append(effort);
        }
        return new Choice(
                chosen, assessment, effort, eligible.stream().map(Model::id).toList(), reason.toString());
    }

    /** The difficulty of a request, from its size, shape and wording. */
    public static Assessment assess(RouteRequest request) {
        String text = request.lastUserText();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> signals = new ArrayList<>();
        int score = BASE;
        if (request.promptTokens() >= 8000) {
            score += 20;
            signals.add("very long prompt");
        } else if (request.promptTokens() >= 2000) {
            score += 10;
            signals.add("long prompt");
        }
        Set<String> words = words(lower);
        if (text.contains("```")
                || count(CODE_LINE.matcher(text), 2) >= 2
                || containsAny(words, CODE_WORDS)
                || firstPhrase(lower, CODE_PHRASES) != null) {
            score += 20;
            signals.add("code");
        }
        if (containsAny(words, MATH_WORDS)
                || (mayHaveNotation(text) && MATH_NOTATION.matcher(text).find())) {
            score += 20;
            signals.add("maths");
        }
        if (count(LIST_ITEM.matcher(text), 3) >= 3) {
            score += 10;
            signals.add("multi-part request");
        }
        if (request.messageCount() >= 8) {
            score += 5;
            signals.add("long conversation");
        }
        if (request.tools()) {
            score += 10;
            signals.add("tools");
        }
        if (request.wantsJsonSchema()) {
            score += 5;
            signals.add("JSON schema");
        }
        String deep = firstPhrase(lower, DEEP_PHRASES);
        String quick = firstPhrase(lower, QUICK_PHRASES);
        if (signals.isEmpty() && deep == null && quick == null && text.strip().length() < 60) {
            score -= 10;
            signals.add("short prompt");
        }
        Intent intent = Intent.NONE;
        if (deep != null) {
            score += 35;
            intent = Intent.DEEP;
            signals.add("'" + deep + "'");
        } else if (quick != null) {
            score -= 30;
            intent = Intent.QUICK;
            signals.add("'" + quick + "'");
        }
        return new Assessment(Math.clamp(score, 0, 100), intent, signals);
    }

    private static boolean meetsNeeds(Catalog snapshot, Model model, RouteRequest request, Set<String> needs) {
        boolean ok = !snapshot.endpoints(model.id()).isEmpty() && Double.isFinite(price(model));
        for (String modality : request.inputModalities()) {
            if (!modality.equals("text")) {
                needs.add(modality + " input");
                ok &= model.inputModalities().contains(modality);
            }
        }
        if (request.tools()) {
            needs.add("tools");
            ok &= model.supportedParameters().contains("tools");
        }
        if (request.wantsJsonSchema()) {
            needs.add("JSON schema");
            ok &= model.supportedParameters().contains("structured_outputs");
        } else if (request.wantsJsonObject()) {
            needs.add("JSON mode");
            ok &= model.supportedParameters().contains("response_format");
        }
        long required = request.requiredContext();
        if (required > 32_000) {
            needs.add(required + " tokens of context");
        }
        ok &= model.contextLength() <= 0 || model.contextLength() >= required;
        return ok;
    }

    private static double price(Model model) {
        if (model.pricing().prompt().signum() < 0
                || model.pricing().completion().signum() < 0) {
            return Double.POSITIVE_INFINITY;
        }
        return model.pricing().prompt().doubleValue()
                + model.pricing().completion().doubleValue();
    }

    private static boolean isRouter(Model model) {
        return model.id().startsWith("openrouter/") || isAuto(model.id());
    }

    /** Exact ids, {@code author/*} prefixes and {@code *}. */
    static boolean matchesAny(String id, List<String> patterns) {
        for (String pattern : patterns) {
            String p = pattern.trim();
            if (p.equals("*") || p.equalsIgnoreCase(id)) {
                return true;
            }
            if (p.endsWith("*") && id.regionMatches(true, 0, p, 0, p.length() - 1)) {
                return true;
            }
        }
        return false;
    }

    /** The distinct words (runs of at least four letters) of a lower-case text. */
    private static Set<String> words(String lower) {
        Set<String> words = new java.util.HashSet<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean letter = i < lower.length() && Character.isLetter(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start >= 4) {
                    words.add(lower.substring(start, i));
                }
                start = -1;
            }
        }
        return words;
    }

    private static boolean containsAny(Set<String> words, Set<String> wanted) {
        for (String word : wanted) {
            if (words.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A backslash, dollar, caret or maths symbol: the characters {@link #MATH_NOTATION} needs. */
    private static boolean mayHaveNotation(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '$' || c == '^' || (c >= 0x2200 && c < 0x2300) || c == 'π') {
                return true;
            }
        }
        return false;
    }

    private static int count(Matcher matcher, int enough) {
        int found = 0;
        while (found < enough && matcher.find()) {
            found++;
        }
        return found;
    }

    private static String firstPhrase(String lower, List<String> phrases) {
        for (String phrase : phrases) {
            int at = lower.indexOf(phrase);
            if (at >= 0 && boundary(lower, at - 1) && boundary(lower, at + phrase.length())) {
                return phrase;
            }
        }
        return null;
    }

    private static boolean boundary(String text, int index) {
        return index < 0 || index >= text.length() || !Character.isLetterOrDigit(text.charAt(index));
    }
}
