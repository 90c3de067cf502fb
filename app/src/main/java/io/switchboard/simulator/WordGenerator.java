package io.switchboard.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of plausible English-looking token sequences: sentences of 6 to 14 words with the odd comma,
 * paragraph breaks, and a final period. Every token is one of a fixed set whose JSON form is encoded once, so
 * generation allocates nothing but the result list.
 */
final class WordGenerator {
    private static final String[] WORDS = {
        "the",
        "model",
        "answer",
        "request",
        "system",
        "simple",
        "clear",
        "result",
        "value",
        "data",
        "question",
        "response",
        "gateway",
        "token",
        "stream",
        "provider",
        "route",
        "signal",
        "careful",
        "quick",
        "steady",
        "light",
        "river",
        "mountain",
        "garden",
        "window",
        "morning",
        "evening",
        "summer",
        "winter",
        "city",
        "harbor",
        "station",
        "bridge",
        "forest",
        "ocean",
        "planet",
        "engine",
        "library",
        "museum",
        "market",
        "kitchen",
        "journey",
        "story",
        "chapter",
        "letter",
        "number",
        "pattern",
        "method",
        "example",
        "detail",
        "reason",
        "context",
        "measure",
        "balance",
        "moment",
        "season",
        "picture",
        "message",
        "network",
        "channel",
        "language",
        "project",
        "process",
        "feature",
        "version",
        "question",
        "option",
        "problem",
        "solution",
        "practice",
        "history",
        "future",
        "present",
        "people",
        "teacher",
        "student",
        "friend",
        "neighbor",
        "traveler",
        "builder",
        "writer",
        "reader",
        "listener",
        "is",
        "are",
        "was",
        "can",
        "will",
        "should",
        "might",
        "could",
        "often",
        "always",
        "rarely",
        "usually",
        "also",
        "still",
        "already",
        "perhaps",
        "indeed",
        "together",
        "within",
        "across",
        "through",
        "between",
        "around",
        "before",
        "after",
        "during",
        "without",
        "toward",
        "beyond",
        "under",
        "over",
        "into",
        "from",
        "with",
        "for",
        "and",
        "but",
        "or",
        "so",
        "yet",
        "because",
        "while",
        "when",
        "where",
        "which",
        "that",
        "this",
        "these",
        "those",
        "a",
        "an",
        "some",
        "many",
        "each",
        "every",
        "several",
        "most",
        "few",
        "more",
        "less",
        "new",
        "old",
        "bright",
        "quiet",
        "warm",
        "cold",
        "gentle",
        "strong",
        "small",
        "large",
        "open",
        "ready",
        "useful",
        "honest",
        "patient",
        "curious",
        "build",
        "explain",
        "describe",
        "consider",
        "improve",
        "follow",
        "connect",
        "create",
        "observe",
        "deliver",
        "support",
        "measure",
        "compare",
        "choose",
        "remember",
        "discover",
        "imagine",
        "prepare",
        "share",
        "travel",
        "listen",
        "answer",
        "carry",
        "gather",
        "shape",
        "guide",
        "keep",
        "find",
        "make",
        "take",
        "give",
        "show",
        "know",
        "see",
        "hold",
        "bring",
        "turn",
        "start",
        "end",
        "grow",
        "learn",
        "teach",
        "write",
        "read"
    };

    private static final Token[] SPACED = new Token[WORDS.length];
    private static final Token[] CAPITAL_SPACED = new Token[WORDS.length];
    private static final Token[] CAPITAL = new Token[WORDS.length];

    static final Token PERIOD = Token.of(".");
    static final Token COMMA = Token.of(",");
    static final Token PARAGRAPH = Token.of("\n\n");

    static {
        for (int i = 0; i < WORDS.length; i++) {
            String word = WORDS[i];
            String capital = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            SPACED[i] = Token.of(" " + word);
            CAPITAL_SPACED[i] = Token.of(" " + capital);
            CAPITAL[i] = Token.of(capital);
        }
    }

    private final SplittableRandom random;
    private Token previous;
    private int wordsInSentence;
    private int sentenceLength;

    WordGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.sentenceLength = nextSentenceLength();
    }

    /**
     * The first {@code emit} tokens of a {@code total}-token answer. When {@code emit == total} the answer ends with
     * a period; a shorter prefix is what a capped generation would have produced.
     */
    static List<Token> answer(long seed, int total, int emit) {
        if (emit > total) {
            throw new IllegalArgumentException("emit > total");
        }
        WordGenerator generator = new WordGenerator(seed);
        List<Token> tokens = new ArrayList<>(emit);
        for (int i = 0; i < emit; i++) {
            tokens.add(generator.next(total - i));
        }
        return tokens;
    }

    /** A lowercase word picked by the seed, for values such as generated tool arguments. */
    static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    /** The next token; {@code remaining} counts this one, so {@code 1} asks for the closing period. */
    Token next(int remaining) {
        Token token = pick(remaining);
        previous = token;
        return token;
    }

    private Token pick(int remaining) {
        boolean afterWord = previous != null && previous != PERIOD && previous != COMMA && previous != PARAGRAPH;
        if (remaining == 1 && afterWord) {
            return PERIOD;
        }
        // no punctuation close to the end, so the answer never ends with ", ." or ". ."
        if (remaining > 2 && afterWord) {
            if (wordsInSentence >= sentenceLength) {
                wordsInSentence = 0;
                sentenceLength = nextSentenceLength();
                return PERIOD;
            }
            if (previous != null
                    && wordsInSentence > 2
                    && wordsInSentence < sentenceLength - 2
                    && random.nextInt(9) == 0) {
                return COMMA;
            }
        }
        if (remaining > 2 && previous == PERIOD && random.nextInt(4) == 0) {
            return PARAGRAPH;
        }
        int index = random.nextInt(WORDS.length);
        wordsInSentence++;
        if (previous == null || previous == PARAGRAPH) {
            return CAPITAL[index];
        }
        if (previous == PERIOD) {
            return CAPITAL_SPACED[index];
        }
        return SPACED[index];
    }

    private int nextSentenceLength() {
        return 6 + random.nextInt(9);
    }
}
