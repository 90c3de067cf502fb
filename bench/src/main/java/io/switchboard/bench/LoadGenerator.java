package io.switchboard.bench;

import io.switchboard.bench.LoadClient.Exchange;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.LoadClient.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Sequential (concurrency 1) and closed-loop (concurrency N) load phases. All loops are bounded. */
final class LoadGenerator {

    /** Upper bound on latency samples kept per phase (memory bound; more are counted, not kept). */
    static final int MAX_SAMPLES = 4_000_000;

    private LoadGenerator() {}

    /**
     * Outcome of one phase for one target. {@code latency} holds successful (HTTP 200) requests only;
     * {@code elapsedNanos} runs from phase start to the completion of the last request.
     */
    record PhaseResult(
            String target,
            int concurrency,
            LatencyStats latency,
            long ok,
            ErrorTally errors,
            long elapsedNanos,
            boolean truncated) {

        double requestsPerSecond() {
            return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
        }
    }

    /**
     * Concurrency 1: sends {@code requestsEach} requests to every session, one at a time, interleaving
     * the targets (ABBA order) so that slow drift on a shared machine (JIT, GC, noisy neighbours)
     * affects all targets alike. Stops early, flagged as truncated, if {@code maxTime} runs out.
     */
    static List<PhaseResult> interleaved(List<String> names, List<Session> sessions, int requestsEach, Duration maxTime)
            throws InterruptedException {
        return interleaved(names, sessions, requestsEach, maxTime, null);
    }

    /** As above; also adds every request (failed ones too) to {@code samples} unless it is null. */
    static List<PhaseResult> interleaved(
            List<String> names, List<Session> sessions, int requestsEach, Duration maxTime, SampleLog samples)
            throws InterruptedException {
        int k = sessions.size();
        if (names.size() != k || k == 0) {
            throw new IllegalArgumentException("one name per session required");
        }
        List<LongList> latencies = new ArrayList<>(k);
        List<ErrorTally> errors = new ArrayList<>(k);
        long[] ok = new long[k];
        long[] busyNanos = new long[k];
        for (int i = 0; i < k; i++) {
            latencies.add(new LongList(Math.min(requestsEach, 1 << 16), MAX_SAMPLES));
            errors.add(new ErrorTally());
        }
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        boolean truncated = false;
        for (int i = 0; i < requestsEach; i++) {
            if (System.nanoTime() - deadline > 0) {
                truncated = true;
                break;
            }
            for (int j = 0; j < k; j++) {
                int t = (i % 2 == 0) ? j : k - 1 - j;
                long t0 = System.nanoTime();
                Exchange ex = sendOnce(sessions.get(t), errors.get(t));
                long t1 = System.nanoTime();
                busyNanos[t] += t1 - t0;
                if (samples != null) {
                    samples.add(t0, names.get(t), t1 - t0);
                }
                if (ex != null) {
                    ok[t]++;
                    latencies.get(t).add(t1 - t0);
                }
            }
        }
        List<PhaseResult> out = new ArrayList<>(k);
        for (int t = 0; t < k; t++) {
            out.add(new PhaseResult(
                    names.get(t),
                    1,
                    latencies.get(t).stats(),
                    ok[t],
                    errors.get(t),
                    busyNanos[t],
                    truncated || latencies.get(t).dropped() > 0));
        }
        return out;
    }

    /**
     * Sends once; returns the exchange on HTTP 200, otherwise records the failure and returns null.
     * After an I/O failure it pauses briefly so a dead server cannot turn the loop into a busy spin.
     */
    static Exchange sendOnce(Session session, ErrorTally errors) throws InterruptedException {
        try {
            Exchange ex = session.send();
            if (ex.status() == 200) {
                return ex;
            }
            errors.recordHttp(ex.status(), ex.body());
            return null;
        } catch (IOException e) {
            errors.recordException(e);
            Thread.sleep(1);
            return null;
        }
    }

    /** A fixed pool of {@code concurrency} workers, each with its own session, reused across phases. */
    static final class ClosedLoop implements AutoCloseable {

        private final String name;
        private final List<Session> sessions;
        private final ExecutorService pool;
        private final Duration requestTimeout;

        ClosedLoop(LoadClient client, Target target, int concurrency, Duration requestTimeout) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1");
            }
            this.name = target.name();
            this.requestTimeout = requestTimeout;
            this.sessions = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                sessions.add(client.open(target));
            }
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "load-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        private record WorkerResult(LongList latencies, long ok, long lastCompletion) {}

        /**
         * Every worker sends back-to-back requests until {@code duration} has elapsed since the common
         * start; requests in flight at the deadline are allowed to finish (bounded by the request
         * timeout) and are counted.
         */
        PhaseResult run(Duration duration, boolean record) throws InterruptedException {
            int c = sessions.size();
            ErrorTally errors = new ErrorTally();
            CountDownLatch ready = new CountDownLatch(c);
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong startAt = new AtomicLong();
            long durationNanos = duration.toNanos();
            int perWorkerCap = Math.max(1, MAX_SAMPLES / c);
            List<Future<WorkerResult>> futures = new ArrayList<>(c);
            for (Session s : sessions) {
                futures.add(pool.submit(() -> {
                    LongList lat = new LongList(record ? 16_384 : 1, record ? perWorkerCap : 1);
                    long ok = 0;
                    ready.countDown();
                    go.await();
                    long start = startAt.get();
                    long deadline = start + durationNanos;
                    long last = start;
                    while (System.nanoTime() - deadline < 0
                            && !Thread.currentThread().isInterrupted()) {
                        long t0 = System.nanoTime();
                        Exchange ex = sendOnce(s, errors);
                        long t1 = System.nanoTime();
                        last = t1;
                        if (ex != null) {
                            ok++;
                            if (record) {
                                lat.add(t1 - t0);
                            }
                        }
                    }
                    return new WorkerResult(lat, ok, last);
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load workers did not start");
            }
            long start = System.nanoTime();
            startAt.set(start);
            go.countDown();

            long waitBudget = durationNanos + requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
            long waitDeadline = start + waitBudget;
            List<LongList> lists = new ArrayList<>(c);
            long ok = 0;
            long lastCompletion = start;
            boolean truncated = false;
            for (Future<WorkerResult> f : futures) {
                try {
                    long remaining = Math.max(1, waitDeadline - System.nanoTime());
                    WorkerResult w = f.get(remaining, TimeUnit.NANOSECONDS);
                    lists.add(w.latencies());
                    ok += w.ok();
                    lastCompletion = Math.max(lastCompletion, w.lastCompletion());
                    truncated |= w.latencies().dropped() > 0;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    errors.record("worker did not finish in time", name);
                } catch (ExecutionException e) {
                    errors.record("worker failed", String.valueOf(e.getCause()));
                }
            }
            LongList all = LongList.concat(lists);
            return new PhaseResult(name, c, all.stats(), ok, errors, lastCompletion - start, truncated);
        }

        @Override
        public void close() {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(requestTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                    System.err.println("[bench] warning: load workers still running after shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sessions.forEach(Session::close);
        }
    }
}
