package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.EmotionEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the registry goes through the JVM's standard trust store settings and nothing else: a
 * registry over HTTPS with a certificate of its own (made with keytool) is reached by a JVM given
 * {@code -Djavax.net.ssl.trustStore} holding that certificate, and refused, saying why, by one
 * without. The client runs in a child JVM because the default SSL context reads those properties
 * once per JVM.
 */
class RegistryTlsTest {

    private static final String PASSWORD = "changeit";

    /** The child: registers a schema at args[0] and prints the id, or the error, and exits 0 or 1. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                var client = CachedSchemaRegistryClient.fromConfig(Map.of(RegistrySettings.URL, args[0],
                        RegistrySettings.MAX_RETRIES, "0"));
                System.out.println("id=" + client.register("tls-value", EmotionEvent.SCHEMA$));
                System.exit(0);
            } catch (RuntimeException e) {
                System.out.println("error=" + e.getMessage());
                System.exit(1);
            }
        }
    }

    @Test
    void httpsRegistryIsTrustedExactlyThroughTheJvmTrustStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("registry.p12");
        Path certificate = dir.resolve("registry.pem");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");

        try (FakeRegistryServer server = new FakeRegistryServer(tls)) {
            String url = "https://127.0.0.1:" + server.port();

            Child trusted = probe(argFile, url, "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12");
            Child untrusted = probe(argFile, url);

            assertEquals(0, trusted.exit(), trusted.output());
            assertTrue(trusted.output().contains("id=1"), trusted.output());
            assertEquals(1, untrusted.exit(), untrusted.output());
            assertTrue(untrusted.output().contains("no schema registry reachable")
                    && untrusted.output().contains("SSLHandshakeException"), untrusted.output());
            assertEquals(List.of("POST /subjects/tls-value/versions"), server.requests, "only the trusting JVM got through");
        }
    }

    private record Child(int exit, String output) {}

    private static Child probe(Path argFile, String url, String... properties) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin("java")));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("@" + argFile, Probe.class.getName(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Child(p.exitValue(), out);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin("keytool")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + String.join(" ", args) + ":\n" + out);
    }

    private static String javaBin(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }
}
