package de.stimmung.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {

    static int run(StringWriter err, String... args) {
        CommandLine cmd = TrainerCli.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void downloadUnpacksALocalZipIntoWav(@TempDir Path dir) throws Exception {
        Path corpus = SyntheticCorpus.write(dir.resolve("src"), new String[] {"03"}, 1, 8000);
        Path zip = dir.resolve("emodb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            try (var files = Files.list(corpus.resolve("wav"))) {
                for (Path f : files.sorted().toList()) {
                    z.putNextEntry(new ZipEntry("wav/" + f.getFileName()));
                    z.write(Files.readAllBytes(f));
                    z.closeEntry();
                }
            }
        }
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out));
        int exit;
        try {
            exit = run(new StringWriter(), "download", "--url", zip.toString(), "--target", dir.resolve("emodb").toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, exit);
        try (var s = Files.list(dir.resolve("emodb/wav"))) {
            assertEquals(7, s.count());
        }
        assertTrue(out.toString().contains("7 WAV files"), out.toString());
    }

    @Test
    void trainWithoutEmoDbFailsWithAMessageThatSaysWhereItLooked(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = run(err, "train", "--no-progress", "--emodb", dir.resolve("missing").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("missing") && err.toString().contains("download"), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, run(new StringWriter(), "train", "--frobnicate"));
    }
}
