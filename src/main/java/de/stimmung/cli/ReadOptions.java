package de.stimmung.cli;

import picocli.CommandLine.Option;

/** Where reading a topic starts and when it stops, shared by consume and dead-letters. */
final class ReadOptions {

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0 = no limit).")
    int max;

    @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds without a record (0 = never).")
    int timeoutSeconds;
}
