package de.stimmung.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one process's throw-away data (the embedded broker's log, Kafka Streams state)
 * under a base folder, named {@code <pid>-<process start, epoch ms>} so that its owner can be
 * recognised later. {@link #close()} deletes it; a folder whose owner no longer runs (a process
 * ended with SIGKILL, which runs no clean-up) is deleted by the next {@link #create(Path)} in the
 * same base folder. Not thread-safe to close concurrently.
 */
public final class RunDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private final Path path;
    private boolean closed;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Deletes the folders in {@code base} whose owning process has ended, then creates this
     * process's folder.
     *
     * @throws UncheckedIOException if the folder cannot be created
     */
    public static RunDirectory create(Path base) {
        ProcessHandle self = ProcessHandle.current();
        Path dir = base.resolve(name(self.pid(), startMillis(self)));
        try {
            Files.createDirectories(base);
            for (Path stale : stale(base)) {
                LOG.info("Removing {}: left behind by process {}, which no longer runs", stale, stale.getFileName());
                deleteRecursively(stale);
            }
            return new RunDirectory(Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " for this run's data; make " + base
                    + " writable or point STIMMUNG_HOME elsewhere", e);
        }
    }

    /** The folders in {@code base} named like run folders whose owning process does not run any more. */
    static List<Path> stale(Path base) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path entry : entries) {
                if (ownerEnded(entry.getFileName().toString())) {
                    stale.add(entry);
                }
            }
        }
        return stale;
    }

    /** Whether a folder name {@code <pid>-<start ms>} names a process that has ended; false for other names. */
    static boolean ownerEnded(String folderName) {
        int dash = folderName.indexOf('-');
        long pid;
        long started;
        try {
            pid = Long.parseLong(folderName.substring(0, Math.max(0, dash)));
            started = Long.parseLong(folderName.substring(dash + 1));
        } catch (NumberFormatException e) {
            return false; // not ours: leave it alone
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        // a live process with the same pid but another start time is a later process that reused the pid
        return owner.isEmpty() || startMillis(owner.get()) != started;
    }

    static String name(long pid, long startMillis) {
        return pid + "-" + startMillis;
    }

    /** When the process started, in epoch ms; 0 where the platform does not say. */
    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** This run's folder. */
    public Path path() {
        return path;
    }

    /** A sub-folder of this run's folder (not created). */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the folder and everything in it. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            deleteRecursively(path);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.info("could not delete all of {} ({}); the next start removes it", directory, e.toString());
        }
    }
}
