package de.stimmung.cli;

import de.stimmung.console.BuildVersion;
import de.stimmung.console.CleanErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code stimmung.jar}: a picocli command whose subcommands are the service's
 * jobs. Exit codes: 0 success, 1 runtime failure (the message says what to fix), 2 bad arguments.
 */
@Command(name = "stimmung", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Real-time speech emotion classification for German on Apache Kafka.",
        subcommands = {ServeCommand.class, ProduceCommand.class, ConsumeCommand.class, DeadLettersCommand.class, DemoCommand.class, LoadTestCommand.class,
            ClassifyCommand.class,
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
        CommandLine cmd = new CommandLine(new StimmungCommand());
        cmd.setDefaultValueProvider(new StreamConfigDefaults()); // reaches every subcommand
        return CleanErrors.install(cmd);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
