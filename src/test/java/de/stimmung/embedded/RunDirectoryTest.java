package de.stimmung.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    private static final ProcessHandle SELF = ProcessHandle.current();
    private static final long STARTED = SELF.info().startInstant().map(Instant::toEpochMilli).orElse(0L);

    @Test
    void folderOfThisProcessIsCreatedWithItsPidAndStartAndDeletedOnClose(@TempDir Path base) throws Exception {
        Path path;
        try (RunDirectory run = RunDirectory.create(base)) {
            path = run.path();
            assertEquals(RunDirectory.name(SELF.pid(), STARTED), path.getFileName().toString());
            Files.createDirectories(run.resolve("kafka/speech-0"));
            Files.writeString(run.resolve("kafka/speech-0/00000.log"), "records");
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void foldersOfEndedProcessesAreDeletedAtTheNextStartAndOthersAreLeftAlone(@TempDir Path base) throws Exception {
        Path killed = Files.createDirectories(base.resolve(RunDirectory.name(999_999_999L, 1_700_000_000_000L)));
        Files.writeString(killed.resolve("data"), "left behind by SIGKILL");
        Path reusedPid = Files.createDirectories(base.resolve(RunDirectory.name(SELF.pid(), STARTED - 1)));
        Path notOurs = Files.createDirectories(base.resolve("someone-elses"));
        try (RunDirectory run = RunDirectory.create(base)) {
            assertFalse(Files.exists(killed), "owner no longer runs");
            assertFalse(Files.exists(reusedPid), "a live process with that pid started at another time is not the owner");
            assertTrue(Files.exists(notOurs), "a folder not named pid-start is not touched");
            assertTrue(Files.isDirectory(run.path()));
            assertFalse(RunDirectory.ownerEnded(run.path().getFileName().toString()), "this process runs");
        }
    }
}
