package de.stimmung.trainer.download;

import de.stimmung.trainer.dataset.EmoDbFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Installs the Berlin Database of Emotional Speech into a folder: fetches the zip (by default from
 * {@value #DEFAULT_URL}, or any http(s) URL, a {@code file:} URL or a local zip path for offline
 * installs), writes it to a temporary file in the target folder, unpacks it with
 * {@link EmoDbArchive} (WAVs into {@code target/wav/}) and checks that EmoDB WAVs arrived. If
 * {@code target} already holds EmoDB WAVs the install is skipped unless forced. Redirects are
 * followed (not from https to http); {@code timeout} bounds connecting and the wait for the
 * response headers. Not safe for concurrent installs into the same folder.
 */
public final class EmoDbDownloader {

    /** Where the EmoDB authors publish the database. */
    public static final String DEFAULT_URL = "http://emodb.bilderbar.info/download/download.zip";

    /** Download progress: {@code bytes} read so far of {@code totalBytes} ({@code -1} if the server did not say). */
    @FunctionalInterface
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = (bytes, totalBytes) -> { };

        void update(long bytes, long totalBytes);
    }

    /**
     * What an install did.
     *
     * @param wavFolder the folder holding the WAVs ({@code target/wav})
     * @param wavFiles  number of EmoDB WAV files there now
     * @param skipped   true if nothing was fetched because the WAVs were already present
     * @param bytes     size of the fetched zip in bytes (0 if skipped)
     */
    public record Result(Path wavFolder, int wavFiles, boolean skipped, long bytes) {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Duration timeout;
    private final EmoDbArchive archive = new EmoDbArchive();

    /** A downloader with a 30 s connect/response timeout. */
    public EmoDbDownloader() {
        this(Duration.ofSeconds(30));
    }

    public EmoDbDownloader(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Installs EmoDB into {@code target}.
     *
     * @param source   an http(s) or {@code file:} URL, or a local path to the zip
     * @param force    fetch and unpack even if {@code target} already holds EmoDB WAVs
     * @param progress called while bytes arrive (on the calling thread)
     * @throws IOException naming the source and suggesting {@code --url} or a manual download if
     *                     fetching fails, or explaining what was wrong with the archive
     */
    public Result install(String source, Path target, boolean force, Progress progress) throws IOException {
        URI uri = toUri(source);
        Path wav = target.resolve("wav");
        int present = countEmoDbWavs(wav);
        if (present > 0 && !force) {
            return new Result(wav, present, true, 0);
        }
        Files.createDirectories(target);
        long bytes;
        int extracted;
        if ("file".equals(uri.getScheme())) {
            Path zip = Path.of(uri);
            if (!Files.isRegularFile(zip)) {
                throw new IOException("no EmoDB zip at " + zip + "; pass the path of the downloaded download.zip"
                        + " or an http(s) URL with --url");
            }
            bytes = Files.size(zip);
            progress.update(bytes, bytes);
            extracted = archive.extract(zip, target);
        } else {
            Path part = Files.createTempFile(target, ".emodb-download-", ".zip.part");
            try {
                bytes = fetch(uri, part, progress);
                extracted = archive.extract(part, target);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        if (extracted == 0) {
            throw new IOException("the archive from " + uri + " contained no EmoDB WAV files (names like 03a01Fa.wav);"
                    + " is it the EmoDB download.zip? Pass the right one with --url");
        }
        return new Result(wav, countEmoDbWavs(wav), false, bytes);
    }

    /** An http(s) or file URL as given, or a local path turned into a file URL. */
    public static URI toUri(String source) {
        Objects.requireNonNull(source, "source");
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
            try {
                return URI.create(source);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + source + "' is not a valid URL: " + e.getMessage(), e);
            }
        }
        try {
            return Path.of(source).toAbsolutePath().toUri();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + source + "' is neither an http(s)/file URL nor a local path", e);
        }
    }

    private long fetch(URI uri, Path into, Progress progress) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IOException("could not download EmoDB from " + uri + ": " + describe(e) + "; check the network,"
                    + " pass another mirror with --url, or download the zip by hand and pass its path with --url", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + uri + " was interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("could not download EmoDB from " + uri + ": HTTP " + response.statusCode()
                        + "; pass another mirror with --url, or download the zip by hand and pass its path with --url");
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long done = 0;
            byte[] buffer = new byte[BUFFER_BYTES];
            try (OutputStream out = Files.newOutputStream(into)) {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    done += n;
                    progress.update(done, total);
                }
            }
            if (total >= 0 && done != total) {
                throw new IOException("download of " + uri + " ended after " + done + " of " + total
                        + " bytes; retry, or download the zip by hand and pass its path with --url");
            }
            return done;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static int countEmoDbWavs(Path wav) throws IOException {
        if (!Files.isDirectory(wav)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(wav)) {
            return (int) files.filter(p -> EmoDbFile.tryParse(p.getFileName().toString()).isPresent()).count();
        }
    }
}
