package de.stimmung.console;

import picocli.CommandLine;

/**
 * The error handling both command lines (the service's and the trainer's) share: a command that
 * fails at run time prints one line {@code error: ...} and exits 1, instead of a stack trace
 * ({@code -Dstimmung.debug=true} adds the trace). Bad arguments stay picocli's (exit 2).
 */
public final class CleanErrors {

    private CleanErrors() {
    }

    /** Installs the handler on {@code cmd} and returns it. */
    public static CommandLine install(CommandLine cmd) {
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("stimmung.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cmd;
    }
}
