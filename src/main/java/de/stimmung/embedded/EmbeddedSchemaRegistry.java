package de.stimmung.embedded;

import de.stimmung.console.BuildVersion;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible schema registry for the embedded default and the tests: Apicurio
 * Registry (its {@code /apis/ccompat/v7} API) run from its Maven Central distribution as a child
 * JVM on a loopback port, with BACKWARD compatibility as Confluent's default. Storage is either
 * in memory or, like Confluent Schema Registry's {@code _schemas} topic, a Kafka topic
 * ({@code kafkasql-journal}) on a given broker, so schemas outlive a registry restart and live as
 * long as the broker's data. The child exits with this JVM even if this JVM is killed
 * ({@link ParentWatch}). Close it to stop it.
 *
 * <p>The distribution is an unpacked {@code io.apicurio:apicurio-registry-app:VERSION:tar.gz:all}:
 * the build unpacks 3.0.9 to {@code target/apicurio-registry} beside {@code stimmung.jar}, where
 * {@link #locate} finds it; elsewhere pass its folder. Apicurio 3.0.9 runs on Java 17; 3.1 and
 * later need Java 21, which {@link #start} checks before launching.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** The Apicurio version the build unpacks. */
    public static final String VERSION = BuildVersion.registryDistribution();
    /** Environment variable naming a distribution folder. */
    public static final String HOME_ENV = "STIMMUNG_REGISTRY_HOME";
    /** Path of the Confluent-compatible API under the registry's root URL. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final String HOST = "127.0.0.1";

    /**
     * How to run the registry.
     *
     * @param home           the unpacked distribution
     * @param port           HTTP port on 127.0.0.1 (0 = any free port)
     * @param kafkaBootstrap store schemas in this Kafka cluster (empty = in memory, lost on stop)
     * @param java           the {@code java} executable for the child (default: this JVM's)
     * @param readyTimeout   how long to wait for the API to answer
     */
    public record Settings(Path home, int port, Optional<String> kafkaBootstrap, Optional<Path> java,
            Duration readyTimeout) {

        public static Settings inMemory(Path home) {
            return new Settings(home, 0, Optional.empty(), Optional.empty(), Duration.ofSeconds(90));
        }

        /** Schemas kept in a topic of the cluster at {@code bootstrap}. */
        public Settings storedIn(String bootstrap) {
            return new Settings(home, port, Optional.of(bootstrap), java, readyTimeout);
        }

        public Settings withPort(int httpPort) {
            return new Settings(home, httpPort, kafkaBootstrap, java, readyTimeout);
        }

        public Settings withJava(Path executable) {
            return new Settings(home, port, kafkaBootstrap, Optional.ofNullable(executable), readyTimeout);
        }
    }

    private final Process process;
    private final Path workDirectory;
    private final int port;
    private final Path log;

    private EmbeddedSchemaRegistry(Process process, Path workDirectory, int port, Path log) {
        this.process = process;
        this.workDirectory = workDirectory;
        this.port = port;
        this.log = log;
    }

    /**
     * The distribution folder: {@code explicit} if given, else {@code $STIMMUNG_REGISTRY_HOME},
     * else {@code apicurio-registry} beside the jar (or classes folder) this class came from.
     *
     * @throws IllegalStateException saying how to get the distribution when none is found
     */
    public static Path locate(Path explicit) {
        if (explicit != null) {
            return requireDistribution(explicit);
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            return requireDistribution(Path.of(env));
        }
        Path besideJar = besideThisJar();
        if (besideJar != null && runnerJar(besideJar).isPresent()) {
            return besideJar;
        }
        throw new IllegalStateException("no schema registry distribution found (looked in " + besideJar + "). The build"
                + " unpacks Apicurio Registry " + VERSION + " there (mvn -B package); otherwise unpack"
                + " io.apicurio:apicurio-registry-app:" + VERSION + ":tar.gz:all from Maven Central and pass its folder"
                + " with --registry-home or $" + HOME_ENV + ", or use a running registry with --schema-registry-url");
    }

    /** {@code apicurio-registry} beside the jar (or classes folder) this class came from, if that can be told. */
    private static Path besideThisJar() {
        try {
            Path codeSource = Path.of(EmbeddedSchemaRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toAbsolutePath().getParent().resolve("apicurio-registry");
        } catch (Exception e) {
            LOG.debug("cannot tell where this jar is", e);
            return null;
        }
    }

    private static Path requireDistribution(Path home) {
        if (runnerJar(home).isEmpty()) {
            throw new IllegalStateException(home + " is not an unpacked Apicurio Registry distribution (no"
                    + " *-runner.jar or quarkus-run.jar in it); unpack io.apicurio:apicurio-registry-app:" + VERSION
                    + ":tar.gz:all there");
        }
        return home;
    }

    private static Optional<Path> runnerJar(Path home) {
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        Path quarkus = home.resolve("quarkus-run.jar");
        if (Files.isRegularFile(quarkus)) {
            return Optional.of(quarkus);
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the registry and waits until its API answers.
     *
     * @throws IllegalStateException if the Java is too old for the distribution, or the registry
     *                               exits or does not answer in time (with the end of its log)
     */
    public static EmbeddedSchemaRegistry start(Settings settings) {
        Path jar = runnerJar(settings.home()).orElseThrow(() -> new IllegalStateException(
                settings.home() + " is not an unpacked Apicurio Registry distribution"));
        Path java = settings.java().orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        int needed = requiredJava(settings.home());
        int have = settings.java().isEmpty() ? Runtime.version().feature() : javaVersionOf(java);
        if (have < needed) {
            throw new IllegalStateException("the schema registry in " + settings.home() + " needs Java " + needed
                    + " or newer, but " + java + " is Java " + have + ". Run with a newer Java (--registry-java PATH"
                    + " points the registry alone at one), use Apicurio Registry " + VERSION + " (runs on Java 17), or"
                    + " use a running registry with --schema-registry-url");
        }
        long started = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory("stimmung-registry");
            Path watch = work.resolve("watch");
            copyParentWatch(watch);
            int port = settings.port() == 0 ? EmbeddedKafkaBroker.freePort() : settings.port();
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + work,
                    "-Dquarkus.http.host=" + HOST, "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=" + HOST, "-Dquarkus.management.port=" + EmbeddedKafkaBroker.freePort(),
                    "-Dapicurio.rules.global.compatibility=BACKWARD"));
            settings.kafkaBootstrap().ifPresent(bootstrap -> command.addAll(List.of("-Dapicurio.storage.kind=kafkasql",
                    "-Dapicurio.kafkasql.bootstrap.servers=" + bootstrap,
                    // default 5000: every start would wait that long on the empty snapshots topic
                    "-Dapicurio.kafkasql.consumer.poll.timeout=500")));
            command.addAll(List.of("-cp", watch + File.pathSeparator + jar, ParentWatch.class.getName(),
                    mainClass(jar)));
            Path log = work.resolve("apicurio-registry.log");
            Process process = new ProcessBuilder(command).directory(settings.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(process, work, port, log);
            try {
                registry.awaitReady(settings.readyTimeout());
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            LOG.info("Embedded schema registry ({}) ready at {} in {} ms ({})",
                    jar.getFileName(), registry.url(), (System.nanoTime() - started) / 1_000_000,
                    settings.kafkaBootstrap().map(b -> "schemas stored in Kafka at " + b).orElse("schemas in memory"));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry from " + settings.home(), e);
        }
    }

    /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String url() {
        return "http://" + HOST + ":" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    /** CPU time the registry's process has used so far (empty where the OS does not tell). */
    public java.util.Optional<java.time.Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited with code " + process.exitValue()
                        + " during start-up; its log ends:\n" + tail());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
        throw new IllegalStateException("the schema registry did not answer at " + url() + " within "
                + timeout.toSeconds() + " s; its log ends:\n" + tail());
    }

    /** The last lines of the registry's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the registry (gracefully, then forcibly) and deletes its temporary files. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}", workDirectory, e);
        }
    }

    private static void copyParentWatch(Path dir) throws IOException {
        String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the class path");
            }
            Files.copy(in, target);
        }
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IOException(jar + " names no Main-Class");
            }
            return main.strip();
        }
    }

    /**
     * The Java feature release the distribution is compiled for (class file major version - 44):
     * of the runner jar's main class, or (Quarkus fast-jar layout, whose runner holds no classes) of
     * the first Apicurio class in its {@code app/} or {@code lib/main/} jars.
     */
    static int requiredJava(Path home) {
        try {
            Path runner = runnerJar(home).orElseThrow();
            List<Path> jars = new ArrayList<>(List.of(runner));
            for (String dir : List.of("app", "lib/main")) {
                if (Files.isDirectory(home.resolve(dir))) {
                    try (Stream<Path> files = Files.list(home.resolve(dir))) {
                        files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                    }
                }
            }
            String main = mainClass(runner).replace('.', '/') + ".class";
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entry = file.getJarEntry(main);
                    if (entry == null) {
                        entry = file.stream().filter(e -> e.getName().startsWith("io/apicurio/registry/")
                                && e.getName().endsWith(".class")).findFirst().orElse(null);
                    }
                    if (entry != null) {
                        try (DataInputStream in = new DataInputStream(file.getInputStream(entry))) {
                            if (in.readInt() == 0xCAFEBABE) {
                                in.readUnsignedShort();
                                return in.readUnsignedShort() - 44;
                            }
                        }
                    }
                }
            }
            return 17;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the distribution in " + home, e);
        }
    }

    /** The feature release of a {@code java} executable, from the {@code release} file of its home. */
    static int javaVersionOf(Path java) {
        Path release = java.toAbsolutePath().getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell the Java version of " + java + " (no readable " + release
                    + "); point --registry-java at the bin/java of a JDK or JRE", e);
        }
        throw new IllegalStateException(release + " names no JAVA_VERSION");
    }
}
