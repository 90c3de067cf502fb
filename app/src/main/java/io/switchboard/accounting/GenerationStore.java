package io.switchboard.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Persistence port for generation rows. Inserts are idempotent on {@code id}, so a retried batch never duplicates; the
 * per-day app rollup is updated in the same transaction, for the rows actually inserted only.
 */
public interface GenerationStore {
    void insertBatch(List<GenerationRecord> records);

    Optional<GenerationRecord> find(String id);

    long count();

    /**
     * A user's usage per UTC day, model and provider from {@code since} on, newest day first.
     *
     * @param keyHash null for all the user's keys
     */
    default List<ActivityRow> activity(String userId, String keyHash, Instant since) {
        return List.of();
    }

    /**
     * The app rollup from {@code since} on, newest day first.
     *
     * @param model null for every model
     */
    default List<AppUsage> appUsage(Instant since, String model) {
        return List.of();
    }

    /**
     * One model's traffic per UTC day and provider from {@code since} on, oldest day first. Rows without a provider
     * (requests no endpoint served) are left out: the split is by provider.
     */
    default List<ModelActivityRow> modelActivity(String model, Instant since) {
        return List.of();
    }

    /** Every model's traffic from {@code since} on, most tokens first. */
    default List<ModelUsage> modelUsage(Instant since) {
        return List.of();
    }

    /**
     * A user's usage per app (normalised {@code HTTP-Referer} origin; null for requests that named no app) from
     * {@code since} on, most expensive first.
     */
    default List<UserAppUsage> userAppUsage(String userId, Instant since) {
        return List.of();
    }

    /** One app's totals for one user; {@code appOrigin} and {@code appTitle} are null when no app was named. */
    record UserAppUsage(
            String appOrigin,
            String appTitle,
            long requests,
            long promptTokens,
            long completionTokens,
            BigDecimal usage) {}

    /** One row of {@code GET /activity}. */
    record ActivityRow(
            LocalDate date,
            String model,
            String providerSlug,
            String providerName,
            BigDecimal usage,
            BigDecimal byokUsage,
            long requests,
            long promptTokens,
            long completionTokens,
            long reasoningTokens) {}

    /** One day of one app on one model. */
    record AppUsage(
            LocalDate date,
            String appOrigin,
            String appTitle,
            String model,
            long promptTokens,
            long completionTokens,
            long reasoningTokens,
            long requests) {
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /** One UTC day of one model at one provider. */
    record ModelActivityRow(
            LocalDate date,
            String providerSlug,
            String providerName,
            long requests,
            long promptTokens,
            long completionTokens,
            long reasoningTokens) {
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /** One model's totals over a period. */
    record ModelUsage(String model, long requests, long promptTokens, long completionTokens, long reasoningTokens) {
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }
}
