package io.switchboard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns OpenRouter ids, Hugging Face ids and LiteLLM keys into comparable keys. The rules lean towards precision: a
 * missed match only costs an endpoint, a wrong one routes traffic to a different model.
 *
 * <p>What is considered the same: case, the organisation or account path ({@code accounts/fireworks/models/}), the
 * {@code :variant} suffix, separators ({@code 3.3} = {@code 3-3} = {@code 3p3}, {@code llama3} = {@code llama-3}), a
 * {@code v} before a version ({@code llama-v3p1}), a leading {@code Meta-} before {@code Llama}. What stays distinct:
 * release tags such as {@code 2507} or {@code 0905} (Qwen3-235B-A22B and Qwen3-235B-A22B-2507 are different models),
 * {@code thinking}, {@code preview}, {@code fast}, sizes.
 */
final class ModelNames {
    /** Quantisation words LiteLLM hosts append to names; dropped for matching and reported as the quantization. */
    private static final Set<String> QUANTIZATION =
            Set.of("fp4", "fp6", "fp8", "fp16", "bf16", "int4", "int8", "nvfp4", "mxfp4");

    /**
     * Serving suffixes of open-weight hosts that do not change the weights: Together's {@code -Turbo} and
     * {@code -tput}, Fireworks' {@code -basic} and {@code -hf}, Groq's {@code -versatile} and {@code -instant}. Only
     * applied to open-weight matching: for OpenAI or Z.AI a {@code turbo} is a different model.
     */
    private static final Set<String> SERVING_SUFFIXES = Set.of("turbo", "tput", "basic", "hf", "versatile", "instant");

    private static final Pattern VERSION_P = Pattern.compile("(\\d)p(\\d)");
    private static final Pattern WORD_SPLIT = Pattern.compile("[-_. ]+");
    private static final Pattern RUNS = Pattern.compile("[a-z]+|[0-9]+");

    /**
     * A normalised name.
     *
     * @param strict tokens joined with {@code -}, with {@code instruct} kept
     * @param loose the same without {@code instruct}, for names that leave it out ({@code llama4-maverick-instruct-basic}
     *     vs {@code llama-4-maverick})
     * @param quantization a quantisation word found in the name, or null
     * @param noise how many quantisation or serving words were dropped; fewer wins when one host has several entries
     */
    record Normalized(String strict, String loose, String quantization, int noise) {}

    private ModelNames() {}

    /**
     * Normalises the last path segment of {@code name}.
     *
     * @param dropServingSuffixes true for open-weight matching, where {@code -Turbo}, {@code -versatile} and the like
     *     are serving options of the same weights
     */
    static Normalized normalize(String name, boolean dropServingSuffixes) {
        String lower = name.toLowerCase(Locale.ROOT);
        int slash = lower.lastIndexOf('/');
        String segment = slash < 0 ? lower : lower.substring(slash + 1);
        int colon = segment.indexOf(':');
        if (colon >= 0) {
            segment = segment.substring(0, colon);
        }
        segment = VERSION_P.matcher(segment).replaceAll("$1.$2");

        List<String> tokens = new ArrayList<>();
        String quantization = null;
        int noise = 0;
        for (String word : WORD_SPLIT.split(segment)) {
            if (word.isEmpty()) {
                continue;
            }
            if (QUANTIZATION.contains(word)) {
                quantization = word;
                noise++;
                continue;
            }
            if (dropServingSuffixes && SERVING_SUFFIXES.contains(word)) {
                noise++;
                continue;
            }
            Matcher runs = RUNS.matcher(word);
            while (runs.find()) {
                tokens.add(runs.group());
            }
        }
        List<String> cleaned = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean nextIsNumber =
                    i + 1 < tokens.size() && Character.isDigit(tokens.get(i + 1).charAt(0));
            if (token.equals("v") && nextIsNumber) {
                continue; // llama-v3p1 == llama-3.1, deepseek-v3 == deepseek-3
            }
            if (cleaned.isEmpty()
                    && token.equals("meta")
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).equals("llama")) {
                continue; // Meta-Llama-3.1-8B-Instruct == Llama-3.1-8B-Instruct
            }
            cleaned.add(token);
        }
        String strict = String.join("-", cleaned);
        String loose = String.join(
                "-", cleaned.stream().filter(token -> !token.equals("instruct")).toList());
        return new Normalized(strict, loose, quantization, noise);
    }

    /**
     * The strict key without a trailing full snapshot date ({@code 20240307}, {@code 2025-08-07}); null when there is
     * none. Short release tags ({@code 0528}, {@code 2507}) are not dates here: they name different weights.
     */
    static String withoutSnapshotDate(String strict) {
        List<String> tokens = new ArrayList<>(List.of(strict.split("-")));
        int n = tokens.size();
        if (n >= 2 && tokens.get(n - 1).matches("20\\d{6}")) {
            return String.join("-", tokens.subList(0, n - 1));
        }
        if (n >= 4
                && tokens.get(n - 3).matches("20\\d{2}")
                && tokens.get(n - 2).matches("\\d{2}")
                && tokens.get(n - 1).matches("\\d{2}")) {
            return String.join("-", tokens.subList(0, n - 3));
        }
        return null;
    }
}
