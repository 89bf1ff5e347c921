package de.stimmung.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Expands command-line paths (WAV files or folders searched recursively) into a sorted file list. */
final class AudioInputs {

    private AudioInputs() {
    }

    /**
     * The WAV files named or contained in {@code paths}, folders expanded recursively in name order.
     *
     * @throws CommandLine.ParameterException (exit code 2) for a missing path or when nothing is found
     */
    static List<Path> wavFiles(CommandLine cmd, List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(AudioInputs::isWav).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new CommandLine.ParameterException(cmd, "cannot list folder " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new CommandLine.ParameterException(cmd, "no such file or folder: " + p);
            }
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "no .wav files found in " + paths);
        }
        return files;
    }

    private static boolean isWav(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
    }
}
