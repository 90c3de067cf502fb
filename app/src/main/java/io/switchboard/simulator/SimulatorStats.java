package io.switchboard.simulator;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by the handler and the streams it writes. */
final class SimulatorStats {
    final LongAdder chatRequests = new LongAdder();
    final LongAdder cancelledStreams = new LongAdder();
}
