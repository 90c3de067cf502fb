package io.switchboard.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A one-shot cancellation signal shared by the API layer (which learns that the client went away) and the upstream
 * client (which aborts the exchange in flight). Listeners added after cancellation run at once.
 */
public final class Cancellation {
    private final List<Consumer<Throwable>> listeners = new ArrayList<>(2);
    private Throwable cause;

    public void onCancel(Consumer<Throwable> listener) {
        Throwable already;
        synchronized (this) {
            already = cause;
            if (already == null) {
                listeners.add(listener);
                return;
            }
        }
        listener.accept(already);
    }

    public void cancel(Throwable reason) {
        List<Consumer<Throwable>> toRun;
        synchronized (this) {
            if (cause != null) {
                return;
            }
            cause = reason;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(listener -> listener.accept(reason));
    }

    public synchronized boolean isCancelled() {
        return cause != null;
    }
}
