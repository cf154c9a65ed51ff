package org.sipice.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A command line picocli cannot parse (unknown option, missing value, bad number...): the error and
 * the command's usage on stderr, then, like every other ending, a RESULT line on stdout, and exit
 * status {@link ExitCode#USAGE}.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("sipice: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            cmd.usage(err);
        }
        err.flush();
        PrintWriter out = cmd.getOut();
        out.println(ResultLine.failed("bad_option"));
        out.flush();
        return ExitCode.USAGE;
    }
}
