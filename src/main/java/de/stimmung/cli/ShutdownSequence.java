package de.stimmung.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An orderly stop on SIGTERM or Ctrl-C: the JVM's shutdown hook runs the stop action (e.g. close
 * the stream, so the main thread's wait returns) and then waits until the main thread has
 * finished its own clean-up (embedded registry, broker, temporary data) before letting the JVM
 * end; without the wait the JVM halts as soon as the hooks return, halfway through that clean-up.
 * {@link #close()} marks the clean-up done and removes the hook when the command ends normally.
 */
final class ShutdownSequence implements AutoCloseable {

    private final Duration grace;
    private final Thread hook;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final AtomicReference<Runnable> stop = new AtomicReference<>(() -> { });
    private volatile boolean stopping;

    private ShutdownSequence(Duration grace) {
        this.grace = grace;
        this.hook = new Thread(this::onSignal, "stimmung-shutdown");
    }

    /** Installs the hook; {@code grace} bounds how long a signal waits for the clean-up. */
    static ShutdownSequence install(Duration grace) {
        ShutdownSequence sequence = new ShutdownSequence(grace);
        Runtime.getRuntime().addShutdownHook(sequence.hook);
        return sequence;
    }

    /** What a signal does first; runs at once if the signal came already. */
    void onStop(Runnable action) {
        stop.set(action);
        if (stopping) {
            action.run();
        }
    }

    /** Whether a signal asked the process to stop. */
    boolean stopping() {
        return stopping;
    }

    private void onSignal() {
        stopping = true;
        stop.get().run();
        try {
            cleanedUp.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The clean-up is done: a waiting signal may end the JVM now; without a signal, the hook goes. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or ran): it is waiting for exactly this countDown
        }
    }
}
