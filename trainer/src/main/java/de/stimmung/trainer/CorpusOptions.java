package de.stimmung.trainer;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that extracts EmoDB features shares: data, cache, seed, copies, threads, progress. */
final class CorpusOptions {

    @Option(names = "--emodb", defaultValue = "${env:STIMMUNG_EMODB:-../shared/emodb}",
            description = "EmoDB folder (holding wav/). Default: $STIMMUNG_EMODB or ${DEFAULT-VALUE}.")
    Path emodb;

    @Option(names = "--cache", defaultValue = "trainer/cache",
            description = "Feature cache folder (keyed by file content and feature spec). Default: ${DEFAULT-VALUE}.")
    Path cache;

    @Option(names = "--no-cache", description = "Extract every file again and cache nothing.")
    boolean noCache;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--speed-factors", split = ",", defaultValue = "0.9,1.1",
            description = "Speed perturbations of the *Aug configurations. Default: ${DEFAULT-VALUE}.")
    double[] speedFactors;

    @Option(names = "--telephone-copies", defaultValue = "4",
            description = "Telephone-channel copies per recording (random G.711 lines: level, noise, packet loss)"
                    + " for the *Tel configurations. Default: ${DEFAULT-VALUE}.")
    int telephoneCopies;

    @Option(names = "--threads", description = "Feature extraction threads. Default: the number of CPUs.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-progress", description = "No progress bars (for logs).")
    boolean noProgress;

    /** The cache folder, or null with --no-cache. */
    Path cacheOrNull() {
        return noCache ? null : cache;
    }

    ProgressReporter progress() {
        return noProgress ? ProgressReporter.SILENT : ProgressReporter.bars();
    }
}
