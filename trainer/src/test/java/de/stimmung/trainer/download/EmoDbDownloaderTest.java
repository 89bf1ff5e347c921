package de.stimmung.trainer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmoDbDownloaderTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger zipRequests = new AtomicInteger();
    private byte[] goodZip;

    /** A mono 16-bit PCM WAV at 16 kHz holding the given samples, header written byte by byte. */
    static byte[] tinyWav(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1) // PCM, mono
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16); // rate, byte rate, align, bits
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @BeforeEach
    void serveZipsOnLoopback() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("wav/", new byte[0]);
        entries.put("wav/03a01Fa.wav", tinyWav((short) 0, (short) 1000, (short) -1000, (short) 0));
        entries.put("wav/08b02Wb.wav", tinyWav((short) 5, (short) -5));
        entries.put("wav/16a05Lc.wav", tinyWav((short) 7));
        entries.put("erklaerung.txt", "Erkl\u00e4rung".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        goodZip = zip(entries);
        Map<String, byte[]> evil = new LinkedHashMap<>();
        evil.put("wav/03a01Fa.wav", tinyWav((short) 1));
        evil.put("../escaped.txt", "gotcha".getBytes());
        byte[] evilZip = zip(evil);
        byte[] noWavZip = zip(Map.of("readme.txt", "hello".getBytes()));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/download.zip", ex -> {
            zipRequests.incrementAndGet();
            ex.sendResponseHeaders(200, goodZip.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(goodZip);
            }
        });
        server.createContext("/moved.zip", ex -> {
            ex.getResponseHeaders().add("Location", "/download.zip");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/evil.zip", ex -> {
            ex.sendResponseHeaders(200, evilZip.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(evilZip);
            }
        });
        server.createContext("/nowav.zip", ex -> {
            ex.sendResponseHeaders(200, noWavZip.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(noWavZip);
            }
        });
        server.createContext("/", ex -> { // everything else: 404
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static EmoDbDownloader downloader() {
        return new EmoDbDownloader(Duration.ofSeconds(5));
    }

    @Test
    void downloadUnzipsTheWavsIntoTheWavFolderAndReportsProgress() throws IOException {
        Path target = dir.resolve("emodb");
        List<long[]> progress = new ArrayList<>();
        EmoDbDownloader.Result result = downloader().install(url("/download.zip"), target, false,
                (bytes, total) -> progress.add(new long[] {bytes, total}));

        assertFalse(result.skipped());
        assertEquals(3, result.wavFiles());
        assertEquals(goodZip.length, result.bytes());
        assertEquals(target.resolve("wav"), result.wavFolder());
        assertArrayEquals(tinyWav((short) 0, (short) 1000, (short) -1000, (short) 0),
                Files.readAllBytes(target.resolve("wav/03a01Fa.wav")));
        assertTrue(Files.isRegularFile(target.resolve("erklaerung.txt")));
        assertArrayEquals(new long[] {goodZip.length, goodZip.length}, progress.get(progress.size() - 1));
        try (var left = Files.list(target)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "temp file removed");
        }
    }

    @Test
    void secondInstallIsSkippedWithoutContactingTheServerUnlessForced() throws IOException {
        Path target = dir.resolve("emodb");
        downloader().install(url("/download.zip"), target, false, EmoDbDownloader.Progress.NONE);
        EmoDbDownloader.Result again = downloader().install(url("/download.zip"), target, false,
                EmoDbDownloader.Progress.NONE);
        assertTrue(again.skipped());
        assertEquals(3, again.wavFiles());
        assertEquals(1, zipRequests.get());

        EmoDbDownloader.Result forced = downloader().install(url("/download.zip"), target, true,
                EmoDbDownloader.Progress.NONE);
        assertFalse(forced.skipped());
        assertEquals(2, zipRequests.get());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        EmoDbDownloader.Result result = downloader().install(url("/moved.zip"), dir.resolve("e"), false,
                EmoDbDownloader.Progress.NONE);
        assertEquals(3, result.wavFiles());
    }

    @Test
    void notFoundNamesTheUrlTheStatusAndTheWayOut() {
        IOException e = assertThrows(IOException.class, () -> downloader().install(url("/gone.zip"), dir.resolve("e"),
                false, EmoDbDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains(url("/gone.zip")) && e.getMessage().contains("HTTP 404")
                && e.getMessage().contains("--url") && e.getMessage().contains("by hand"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("e/wav")));
    }

    @Test
    void connectionFailureNamesTheUrlAndSuggestsAManualDownload() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/download.zip";
        IOException e = assertThrows(IOException.class, () -> downloader().install(url, dir.resolve("e"), false,
                EmoDbDownloader.Progress.NONE));
        assertTrue(e.getMessage().startsWith("could not download EmoDB from " + url)
                && e.getMessage().contains("--url"), e.getMessage());
    }

    @Test
    void zipSlipEntryRejectsTheArchiveAndNothingIsWritten() {
        Path target = dir.resolve("inner/emodb");
        IOException e = assertThrows(IOException.class, () -> downloader().install(url("/evil.zip"), target, false,
                EmoDbDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains("'../escaped.txt'") && e.getMessage().contains("zip slip"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("inner/escaped.txt")));
        assertFalse(Files.exists(target.resolve("wav/03a01Fa.wav")), "checked before anything is written");
    }

    @Test
    void archiveWithoutEmoDbWavsIsAnError() {
        IOException e = assertThrows(IOException.class, () -> downloader().install(url("/nowav.zip"), dir.resolve("e"),
                false, EmoDbDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains("no EmoDB WAV files"), e.getMessage());
    }

    @Test
    void localZipPathAndFileUrlInstallOffline() throws IOException {
        Path zip = Files.write(dir.resolve("download.zip"), goodZip);
        assertEquals(3, downloader().install(zip.toString(), dir.resolve("a"), false, EmoDbDownloader.Progress.NONE)
                .wavFiles());
        assertEquals(3, downloader().install(zip.toUri().toString(), dir.resolve("b"), false,
                EmoDbDownloader.Progress.NONE).wavFiles());
        assertEquals(0, zipRequests.get());
    }

    @Test
    void missingLocalZipSaysWhatToPass() {
        IOException e = assertThrows(IOException.class, () -> downloader().install(dir.resolve("nope.zip").toString(),
                dir.resolve("e"), false, EmoDbDownloader.Progress.NONE));
        assertTrue(e.getMessage().contains("nope.zip") && e.getMessage().contains("--url"), e.getMessage());
    }

    @Test
    void wavsAnywhereInTheArchiveLandInTheWavFolder() throws IOException {
        Path zip = Files.write(dir.resolve("flat.zip"), zip(Map.of("emodb/10a01Na.wav", tinyWav((short) 3))));
        downloader().install(zip.toString(), dir.resolve("e"), false, EmoDbDownloader.Progress.NONE);
        assertTrue(Files.isRegularFile(dir.resolve("e/wav/10a01Na.wav")));
    }
}
