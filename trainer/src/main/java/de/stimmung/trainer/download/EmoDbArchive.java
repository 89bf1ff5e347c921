package de.stimmung.trainer.download;

import de.stimmung.trainer.dataset.EmoDbFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks an EmoDB zip into a target folder safely. Every EmoDB-named WAV ({@code SSTTTEV.wav})
 * lands in {@code target/wav/}, wherever it sits inside the archive; every other entry keeps its
 * path under {@code target}. The whole archive is checked before anything is written: an entry
 * whose name would resolve outside {@code target} ("zip slip", e.g. {@code ../x} or an absolute
 * path) rejects the archive. Existing files are overwritten. Stateless.
 */
public final class EmoDbArchive {

    /**
     * Extracts {@code zip} into {@code target}.
     *
     * @return the number of EmoDB WAV files written to {@code target/wav}
     * @throws IOException if the file is not a readable zip or holds an entry that escapes the target
     */
    public int extract(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Path wav = root.resolve("wav");
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(archive.entries());
            List<Path> destinations = new ArrayList<>(entries.size());
            for (ZipEntry e : entries) {
                Path literal = root.resolve(e.getName()).normalize();
                if (!literal.startsWith(root) || literal.equals(root) && !e.isDirectory()) {
                    throw new IOException("refusing to unzip " + zip + ": entry '" + e.getName()
                            + "' would be written outside " + root + " (zip slip); download the archive again from"
                            + " a trusted source");
                }
                String fileName = literal.getFileName() == null ? "" : literal.getFileName().toString();
                boolean emoDbWav = !e.isDirectory() && EmoDbFile.tryParse(fileName).isPresent();
                destinations.add(emoDbWav ? wav.resolve(fileName) : literal);
            }
            Files.createDirectories(wav);
            int wavFiles = 0;
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry e = entries.get(i);
                Path dest = destinations.get(i);
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                try (InputStream in = archive.getInputStream(e)) {
                    Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                }
                if (dest.getParent().equals(wav) && EmoDbFile.tryParse(dest.getFileName().toString()).isPresent()) {
                    wavFiles++;
                }
            }
            return wavFiles;
        } catch (ZipException e) {
            throw new IOException(zip + " is not a readable zip archive (" + e.getMessage()
                    + "); the download may be incomplete or not the EmoDB download.zip: retry with --force", e);
        }
    }
}
