package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every enum option of every sipice command takes its value in any letter case:
 * {@code --nomination aggressive}, {@code AGGRESSIVE} and {@code Aggressive} are the same.
 */
class EnumOptionCaseTest {

    @Test
    void everyEnumOptionOfEveryCommandAcceptsAnyCase() {
        List<String> checked = new ArrayList<>();
        Main.commandLine().getSubcommands().forEach((name, sub) -> {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (!option.type().isEnum()) {
                    continue;
                }
                for (Object constant : option.type().getEnumConstants()) {
                    String upper = ((Enum<?>) constant).name();
                    for (String spelling : List.of(upper.toLowerCase(Locale.ROOT), upper, capitalized(upper))) {
                        CommandLine sipice = Main.commandLine();
                        parse(sipice, name, option.longestName(), spelling);
                        assertEquals(constant, sipice.getSubcommands().get(name).getCommandSpec()
                                .findOption(option.longestName()).getValue(),
                                "sipice " + name + " " + option.longestName() + " " + spelling);
                    }
                }
                checked.add(name + " " + option.longestName());
            }
        });
        assertTrue(checked.containsAll(List.of("demo --nomination", "call --nomination", "answer --nomination",
                "b2bua --nomination", "call --early-answer", "b2bua --ringing", "controller --flow")),
                "the enum options found: " + checked);
    }

    @Test
    void theDemoTakesALowerCaseNominationOnItsRealCommandLine() {
        // The example: this ended reason=bad_option. A misspelled key of the profile after
        // it stops the demo before any call, so only the parsing is under test here.
        CliConsistencyTest.Run run = CliConsistencyTest.run("demo", "--nomination", "aggressive", "--set",
                "sipice.nomnation=REGULAR");
        assertTrue(run.out().contains("reason=bad_profile"), run.out());
    }

    /**
     * Parses one option; the command's other required arguments are left out, and picocli checks
     * them only after it has set every option it read.
     */
    private static void parse(CommandLine sipice, String command, String option, String value) {
        try {
            sipice.parseArgs(command, option, value);
        } catch (CommandLine.MissingParameterException expected) {
            // the option was applied before the check
        }
    }

    private static String capitalized(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
