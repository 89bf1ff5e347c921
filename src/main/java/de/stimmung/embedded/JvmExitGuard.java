package de.stimmung.embedded;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Kafka's fatal-error handling from terminating the JVM while an embedded broker runs.
 *
 * <p>Kafka's server code ends the process on fatal errors (a failed log directory, a metadata
 * fault) through {@link Exit#exit} and {@link Exit#halt}. In a broker of its own that is right;
 * inside {@code serve} it would kill the whole service without a word. Kafka 4.4.0 lets a
 * process replace those procedures ({@code org.apache.kafka.common.utils.internals.Exit}, an
 * internal class whose package moved in 4.x, so expect to revisit this on upgrades). While at
 * least one guard is held, both procedures log the request, tell every holder, and throw an
 * {@link IllegalStateException} so the Kafka thread that asked stops instead of carrying on.
 *
 * <p>The procedures are JVM-wide, so this class keeps the one piece of static state it must:
 * the set of holders. The first holder installs the procedures, the last one restores Kafka's
 * defaults. Thread-safe.
 */
final class JvmExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JvmExitGuard.class);

    /** Guarded by {@code JvmExitGuard.class}. */
    private static final Set<Consumer<String>> HOLDERS = new LinkedHashSet<>();

    private JvmExitGuard() {
    }

    /** A held guard; closing it releases the guard (idempotent). */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds the guard until the returned {@link Hold} is closed.
     *
     * @param onFatal told the reason whenever Kafka asks to exit or halt while the guard is held
     */
    static synchronized Hold hold(Consumer<String> onFatal) {
        if (HOLDERS.isEmpty()) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
        HOLDERS.add(onFatal);
        return () -> release(onFatal);
    }

    private static synchronized void release(Consumer<String> onFatal) {
        if (HOLDERS.remove(onFatal) && HOLDERS.isEmpty()) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String what, int status, String message) {
        String reason = String.format(Locale.ROOT, "Kafka asked to %s the JVM with status %d (%s); "
                + "the embedded broker is no longer reliable: stop the service and start it again", what, status,
                message == null ? "no message" : message);
        LOG.error(reason);
        List<Consumer<String>> holders;
        synchronized (JvmExitGuard.class) {
            holders = new ArrayList<>(HOLDERS);
        }
        holders.forEach(holder -> holder.accept(reason));
        throw new IllegalStateException(reason);
    }
}
