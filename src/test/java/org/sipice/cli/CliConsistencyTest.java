package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every sipice subcommand behaves the same way at its edges: {@code --help}, {@code --profile
 * NAME|FILE} and {@code --trace} exist on each, a command line that does not parse exits 2 with a
 * RESULT line, and a profile that does not load exits 2 with {@code reason=bad_profile} naming the
 * problem. New subcommands are held to it as soon as they are listed in {@link Main}.
 */
class CliConsistencyTest {

    /**
     * Commands that start no SIP stack, so a profile and a SIP trace mean nothing to them:
     * {@code report} renders a saved JSON file, {@code nat-probe} only speaks STUN.
     */
    private static final java.util.Set<String> NO_SIP_STACK = java.util.Set.of("report", "nat-probe");

    private static List<CommandLine> subcommands() {
        List<CommandLine> subs = new ArrayList<>();
        Main.commandLine().getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                subs.add(sub);
            }
        });
        return subs;
    }

    @Test
    void everySubcommandHasHelpProfileAndTrace() {
        List<CommandLine> subs = subcommands();
        assertTrue(subs.size() >= 3, "demo, call, answer at least: " + subs);
        for (CommandLine sub : subs) {
            String name = sub.getCommandName();
            List<String> options = NO_SIP_STACK.contains(name) ? List.of("--help") : List.of("--help", "--profile",
                    "--trace");
            for (String option : options) {
                assertTrue(sub.getCommandSpec().findOption(option) != null, "sipice " + name + " has no " + option);
            }
            Run help = run(name, "--help");
            assertEquals(ExitCode.OK, help.code, name + " --help");
            assertTrue(help.out.contains("Usage: sipice " + name), help.out);
            assertTrue(help.out.toLowerCase(java.util.Locale.ROOT).contains("exit status"),
                    "sipice " + name + " --help should list its exit statuses:\n" + help.out);
        }
    }

    @Test
    void anUnknownOptionExits2WithAResultLineOnEverySubcommand() {
        for (CommandLine sub : subcommands()) {
            Run bad = run(sub.getCommandName(), "--no-such-option");
            assertEquals(ExitCode.USAGE, bad.code, sub.getCommandName());
            assertTrue(bad.out.contains("RESULT status=failed reason=bad_option"), bad.out);
            assertTrue(bad.out.contains("sipice: "), "the error is said first: " + bad.out);
        }
    }

    @Test
    void aMisspelledProfileKeyExits2NamingTheKeyItResembles() {
        for (String[] args : List.of(new String[] {"demo"}, new String[] {"call", "sip:bob@127.0.0.1:5099"},
                new String[] {"answer", "--listen", "127.0.0.1:0"})) {
            List<String> line = new ArrayList<>(List.of(args));
            line.addAll(List.of("--set", "sipice.nomnation=AGGRESSIVE"));
            Run bad = run(line.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, bad.code, bad.out);
            assertTrue(bad.out.contains("RESULT status=failed reason=bad_profile"), bad.out);
            assertTrue(bad.out.contains("(did you mean sipice.nomination?)"), bad.out);
        }
    }

    @Test
    void anUnknownProfileNameSaysWhereItLooked() {
        Run bad = run("demo", "--profile", "no-such-profile");
        assertEquals(ExitCode.USAGE, bad.code);
        assertTrue(bad.out.contains("no sip-profile named no-such-profile"), bad.out);
        assertTrue(bad.out.contains("RESULT status=failed reason=bad_profile"), bad.out);
    }

    record Run(int code, String out) {
    }

    /** Runs a command in this JVM (no System.exit), capturing stdout, stderr and picocli's own output. */
    static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter picocli = new StringWriter();
        try {
            PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(picocli, true));
            cli.setErr(new PrintWriter(picocli, true));
            int code = cli.execute(args);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8) + picocli);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
