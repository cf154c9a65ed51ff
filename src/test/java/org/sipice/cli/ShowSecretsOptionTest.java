package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.sipice.internal.logging.Log4j2ServerLogger;
import picocli.CommandLine;

/**
 * {@code --show-secrets} (every SIP command) is what unmasks ICE passwords in the {@code --trace}
 * output: it sets the stack property the trace logger reads, and nothing else does by default.
 */
class ShowSecretsOptionTest {

    @Test
    void everySipCommandTakesIt() {
        for (String name : new String[] {"demo", "call", "answer", "b2bua", "controller"}) {
            CommandLine sub = Main.commandLine().getSubcommands().get(name);
            assertNotNull(sub.getCommandSpec().findOption("--show-secrets"), "sipice " + name + " --show-secrets");
        }
    }

    @Test
    void itSetsTheTraceSecretsStackProperty() {
        CommonOptions masked = new CommonOptions();
        CommonOptions shown = new CommonOptions();
        new CommandLine(shown).parseArgs("--show-secrets", "--set", "sipice.ta-ms=50");

        assertNull(masked.loadProfile("softphone").stackProperties()
                .getProperty(Log4j2ServerLogger.SHOW_SECRETS_PROPERTY));
        assertEquals("true", shown.loadProfile("softphone").stackProperties()
                .getProperty(Log4j2ServerLogger.SHOW_SECRETS_PROPERTY));
    }
}
