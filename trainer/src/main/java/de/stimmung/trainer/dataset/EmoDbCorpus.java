package de.stimmung.trainer.dataset;

import de.stimmung.model.Emotion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EmoDB recordings found in one folder, in a deterministic order (file name, ascending,
 * which groups speaker, then text, then emotion letter, then version). Accepts either the EmoDB
 * root that holds {@code wav/} or a folder of WAV files directly. Files whose names are not
 * EmoDB names are skipped with a logged warning. Immutable once scanned.
 */
public final class EmoDbCorpus {

    private static final Logger LOG = LoggerFactory.getLogger(EmoDbCorpus.class);

    /** One recording: where it is and what its name says. */
    public record Recording(Path path, EmoDbFile file) {
    }

    private final Path wavFolder;
    private final List<Recording> recordings;

    private EmoDbCorpus(Path wavFolder, List<Recording> recordings) {
        this.wavFolder = wavFolder;
        this.recordings = List.copyOf(recordings);
    }

    /**
     * Scans {@code folder} (the EmoDB root with {@code wav/}, or a folder of WAVs).
     *
     * @throws IllegalArgumentException if the folder is missing or holds no EmoDB WAV file; the
     *                                  message says what was expected and how to get the data
     * @throws UncheckedIOException     if the folder cannot be listed
     */
    public static EmoDbCorpus scan(Path folder) {
        Path wavFolder = Files.isDirectory(folder.resolve("wav")) ? folder.resolve("wav") : folder;
        if (!Files.isDirectory(wavFolder)) {
            throw noFiles(folder, "the folder does not exist");
        }
        List<Recording> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(wavFolder)) {
            for (Path p : files.sorted(Comparator.comparing(f -> f.getFileName().toString())).toList()) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                Optional<EmoDbFile> parsed = EmoDbFile.tryParse(name);
                if (parsed.isPresent()) {
                    found.add(new Recording(p, parsed.get()));
                } else {
                    LOG.warn("Ignoring {}: not an EmoDB file name (expected SSTTTEV.wav, e.g. 03a01Fa.wav)", p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + wavFolder + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw noFiles(folder, "it holds no file named like SSTTTEV.wav");
        }
        return new EmoDbCorpus(wavFolder, found);
    }

    private static IllegalArgumentException noFiles(Path folder, String why) {
        return new IllegalArgumentException("no EmoDB WAV files in " + folder + " (" + why + "); expected "
                + folder.resolve("wav").resolve("03a01Fa.wav") + " ... (or the WAVs directly in " + folder
                + "); run `trainer download` or pass --emodb");
    }

    /** The folder the WAV files were read from. */
    public Path wavFolder() {
        return wavFolder;
    }

    /** All recordings, sorted by file name. */
    public List<Recording> recordings() {
        return recordings;
    }

    public int size() {
        return recordings.size();
    }

    /** Distinct speaker codes, sorted. */
    public List<String> speakers() {
        return recordings.stream().map(r -> r.file().speaker()).distinct().sorted().toList();
    }

    /** Number of recordings per emotion, every emotion present as a key (0 if none). */
    public Map<Emotion, Integer> countsByEmotion() {
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            counts.put(e, 0);
        }
        recordings.forEach(r -> counts.merge(r.file().emotion(), 1, Integer::sum));
        return counts;
    }
}
