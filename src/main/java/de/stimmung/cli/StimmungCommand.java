package de.stimmung.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code stimmung.jar}: a picocli command whose subcommands are the service's
 * jobs. Exit codes: 0 success, 1 runtime failure (the message says what to fix), 2 bad arguments.
 */
@Command(name = "stimmung", mixinStandardHelpOptions = true, version = "stimmung 0.1.0",
        description = "Real-time speech emotion classification for German on Apache Kafka.",
        subcommands = {ServeCommand.class, ProduceCommand.class, ConsumeCommand.class, DeadLettersCommand.class, DemoCommand.class, ClassifyCommand.class,
            FeaturesCommand.class, CommandLine.HelpCommand.class})
public final class StimmungCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: clean one-line errors instead of stack traces for runtime failures. */
    public static CommandLine commandLine() {
        return withCleanErrors(new CommandLine(new StimmungCommand()));
    }

    /**
     * {@code cmd} printing a one-line {@code error: ...} and exiting 1 when a command fails at run
     * time ({@code -Dstimmung.debug=true} adds the stack trace); shared with the trainer's CLI.
     */
    public static CommandLine withCleanErrors(CommandLine cmd) {
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("stimmung.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cmd;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
