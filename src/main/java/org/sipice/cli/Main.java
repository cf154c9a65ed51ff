package org.sipice.cli;

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
        // late JUL records from ice4j's threads and print a warning.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        LoggingBridge.install();
        int code = commandLine().execute(args);
        // JAIN-SIP leaves a non-daemon EventScannerThread behind after stop()
        // (reference/jain-sip.md §8.2), so the JVM would not end by itself.
        System.exit(code);
    }

    /** The configured command line: every subcommand, our usage-error handling. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
