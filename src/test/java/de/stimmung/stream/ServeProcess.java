package de.stimmung.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code stimmung serve} instance as a child JVM of the test, with its output in a log file.
 * It logs Kafka Streams' task assignments (TaskManager at INFO), so a test can see which tasks
 * the instance runs actively and which it keeps as standby replicas. It can be paused and resumed
 * (SIGSTOP, SIGCONT), killed, or stopped cleanly ({@link #close} too).
 */
final class ServeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private final AtomicReference<String> activeTasks = new AtomicReference<>("");
    private final AtomicReference<String> standbyTasks = new AtomicReference<>("");

    private ServeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code stimmung serve serveArgs...} with a 512 MiB heap; its output goes to
     * {@code dir/NAME.log}.
     */
    static ServeProcess start(String name, List<String> serveArgs, Path dir) throws IOException {
        Files.createDirectories(dir);
        // the class path goes in an argument file: ONNX Runtime 1.29 crashes (SIGSEGV) in a process whose
        // command line is longer than about 4 KB, which a Maven test class path easily is
        Path argFile = dir.resolve(name + ".args"); // one each: rewriting a file a starting JVM reads would empty it
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.TaskManager=info",
                "@" + argFile, "de.stimmung.cli.StimmungCommand", "serve"));
        cmd.addAll(serveArgs);
        Path log = dir.resolve(name + ".log");
        Files.writeString(log, String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
        ServeProcess p = new ServeProcess(name, new ProcessBuilder(cmd).redirectErrorStream(true).start(), log);
        Thread reader = new Thread(p::readOutput, "serve-output-" + name);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                String trimmed = line.strip();
                if (trimmed.startsWith("New active tasks:")) {
                    activeTasks.set(trimmed.substring("New active tasks:".length()).strip());
                } else if (trimmed.startsWith("New standby tasks:")) {
                    standbyTasks.set(trimmed.substring("New standby tasks:".length()).strip());
                } else if (line.contains("Stimmung is serving")) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.complete(false);
    }

    /** Waits for "Stimmung is serving"; fails with the log when the instance ends or the timeout passes first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        boolean serving;
        try {
            serving = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            serving = false;
        }
        if (!serving) {
            throw new AssertionError("serve " + name + " did not start within " + timeout + "; " + log + ":\n" + logText());
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The active tasks of the instance's last assignment as Kafka Streams logged them, e.g. {@code [0_1, 1_1]}. */
    String activeTasks() {
        return activeTasks.get();
    }

    /** The standby tasks of the instance's last assignment, e.g. {@code [0_2, 1_2]}. */
    String standbyTasks() {
        return standbyTasks.get();
    }

    /** CPU time the instance has used so far (zero if the OS does not say). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Stops the JVM where it is (SIGSTOP), as a pause of the process or of its machine would. */
    void pause() throws IOException, InterruptedException {
        if (signal("STOP") != 0) {
            throw new AssertionError("kill -STOP " + process.pid() + " failed");
        }
    }

    /** Lets a paused JVM go on (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        if (signal("CONT") != 0) {
            throw new AssertionError("kill -CONT " + process.pid() + " failed");
        }
    }

    /** Sends a signal with kill(1) (Java has no SIGSTOP); returns its exit status. */
    private int signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("kill -" + name + " did not return");
        }
        return kill.exitValue();
    }

    /** SIGKILL, as a crash or an OOM killer would; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve " + name + " did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM (a clean stop), then SIGKILL if it is still running after 60 s. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** As {@link #stop}, resuming a paused instance first (it acts on SIGTERM only once it runs). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("CONT");
        }
        stop();
    }
}
