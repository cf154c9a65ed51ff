package org.sipice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sipice.internal.logging.LoggingBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sipice} command. */
@Command(name = "sipice", mixinStandardHelpOptions = true, version = "sipice 0.1.0",
        description = "ICE NAT traversal for JAIN-SIP user agents.",
        subcommands = {DemoCommand.class, CallCommand.class, AnswerCommand.class, B2buaCommand.class,
            ControllerCommand.class, ReportCommand.class, NatProbeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // The process ends with System.exit below; a log4j shutdown hook would only race
        // late JUL records from library threads and print a warning.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        // picocli would look for Groovy (a class search through every jar of the class path)
        // and register JDBC converters: neither is used here.
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
        int code = commandLine().execute(args);
        keepStartupArchive(code);
        // JAIN-SIP leaves a non-daemon EventScannerThread behind after stop()
        // (docs/JAIN-SIP.md §7), so the JVM would not end by itself.
        System.exit(code);
    }

    /**
     * The configured command line: every subcommand, enum values in any case, our usage-error
     * handling, and logging started only for a command that runs.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new UsageErrors()).setExecutionStrategy(Main::execute);
    }

    /**
     * Runs the command picocli parsed. {@code --help}, {@code --version}, {@code help} and a
     * command line that does not parse (handled before this) print text and end: they start no
     * logging, so no log4j configuration, ice4j or JAIN-SIP class is loaded for them (start-up:
     * README, "CLI start-up").
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        boolean printsOnly = last.isUsageHelpRequested() || last.isVersionHelpRequested()
                || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                || command instanceof Main || command instanceof CommandLine.HelpCommand;
        if (!printsOnly) {
            // Before the first library class: no early JUL record reaches JUL's console handler.
            LoggingBridge.install();
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * The sipice launcher script trains its class-data sharing archive on the first run of a
     * command ({@code -Dsipice.cds.training=FILE}, written by the JVM as it exits). A command line
     * that did not parse loaded too few classes for that archive to help the next runs: the
     * {@code FILE.discard} marker tells the script to drop it. Failing to write it costs nothing
     * but start-up time.
     */
    private static void keepStartupArchive(int code) {
        String archive = System.getProperty("sipice.cds.training");
        if (archive == null || code != ExitCode.USAGE) {
            return;
        }
        try {
            Files.createFile(Path.of(archive + ".discard"));
        } catch (IOException | RuntimeException e) {
            // the archive is kept: it helps less, it never breaks a run
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
