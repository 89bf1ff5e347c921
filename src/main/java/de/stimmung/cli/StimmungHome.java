package de.stimmung.cli;

import java.nio.file.Path;

/**
 * The one place where {@code serve} keeps data on this machine: {@code $STIMMUNG_HOME}, else
 * {@code ~/.stimmung} (the system property {@code stimmung.home} wins over both, for tests).
 * {@code run/<pid>-<start>/} holds one run's throw-away data (the embedded broker's log and its
 * Kafka Streams state), deleted when serve ends and, after a SIGKILL, at the next start;
 * {@code streams/} holds the Kafka Streams state for a real cluster or a kept embedded broker.
 * Outside the OS temp folder on purpose: Kafka Streams warns about state there (the OS may clear it).
 */
final class StimmungHome {

    private final Path directory;

    private StimmungHome(Path directory) {
        this.directory = directory;
    }

    /** From {@code -Dstimmung.home}, {@code $STIMMUNG_HOME} or {@code ~/.stimmung}, in that order. */
    static StimmungHome locate() {
        String property = System.getProperty("stimmung.home");
        String env = System.getenv("STIMMUNG_HOME");
        String chosen = property != null && !property.isBlank() ? property
                : env != null && !env.isBlank() ? env : null;
        return new StimmungHome(chosen != null ? Path.of(chosen)
                : Path.of(System.getProperty("user.home"), ".stimmung"));
    }

    Path directory() {
        return directory;
    }

    /** Where the per-run folders live. */
    Path runs() {
        return directory.resolve("run");
    }

    /** The Kafka Streams state directory kept across runs. */
    Path streamsState() {
        return directory.resolve("streams");
    }
}
