package de.stimmung.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code stimmung.jar}: a picocli command whose subcommands are the service's
 * jobs. Exit codes: 0 success, 1 runtime failure, 2 bad arguments.
 */
@Command(name = "stimmung", mixinStandardHelpOptions = true, version = "stimmung 0.1.0",
        description = "Real-time speech emotion classification for German on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class})
public final class StimmungCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StimmungCommand()).execute(args));
    }
}
