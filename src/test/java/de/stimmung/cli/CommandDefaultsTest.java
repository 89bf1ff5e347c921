package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.stream.StreamConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line takes its stream defaults from StreamConfig.defaults() and its version from the build. */
class CommandDefaultsTest {

    private static final StreamConfig DEFAULTS = StreamConfig.defaults();

    @Test
    void serveWithoutOptionsRunsExactlyTheStreamConfigDefaults() {
        CommandLine cmd = StimmungCommand.commandLine();
        cmd.parseArgs("serve");
        ServeCommand serve = cmd.getSubcommands().get("serve").getCommand();

        StreamConfig parsed = serve.topics.apply(DEFAULTS).withProcessingGuarantee(serve.guarantee)
                .withApplicationId(serve.applicationId).withIdleTimeout(Duration.ofMillis(serve.idleTimeoutMs));

        assertEquals(DEFAULTS, parsed);
    }

    @Test
    void helpShowsTheStreamConfigDefaults() {
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("serve", "--help");
        String help = r.out().replaceAll("\\s+", " "); // help wraps lines anywhere
        for (String shown : new String[] {"Default: " + DEFAULTS.processingGuarantee(),
                "Default: " + DEFAULTS.applicationId(), "Default: " + DEFAULTS.partitions(),
                "Default: " + DEFAULTS.speechTopic(), "Default: " + DEFAULTS.deadLetterTopic(),
                "Default: " + DEFAULTS.idleTimeout().toMillis()}) {
            assertTrue(help.contains(shown), shown + " missing in\n" + r.out());
        }
    }

    @Test
    void versionIsTheBuildsProjectVersion() {
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().matches("stimmung \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }
}
