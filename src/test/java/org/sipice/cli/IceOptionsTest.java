package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.NominationMode;
import picocli.CommandLine;

/**
 * The ICE options {@code demo} shares with {@code call} and {@code answer} stand for profile keys
 * and are checked like them.
 */
class IceOptionsTest {

    @Test
    void theDemoOptionsReachItsCallConfig() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--ta", "10", "--nomination",
                "Aggressive", "--set", "sipice.nomination=REGULAR");

        IceConfig ice = demo.common.loadProfile("loopback-demo", demo.ice.profileKeys()).callConfig().ice();

        assertEquals(Duration.ofMillis(10), ice.ta());
        assertEquals(NominationMode.AGGRESSIVE, ice.nomination(), "the option beats --set");
    }

    @Test
    void relayOnlyWithoutATurnServerIsABadProfileBeforeAnyCall() {
        CliConsistencyTest.Run run = CliConsistencyTest.run("demo", "--relay-only");

        assertEquals(ExitCode.USAGE, run.code(), run.out());
        assertTrue(run.out().contains("RESULT status=failed reason=bad_profile"), run.out());
        assertTrue(run.out().contains("relay-only needs at least one TURN server"), run.out());
        assertTrue(!run.out().contains("INVITE"), run.out());
    }

    @Test
    void aTaBelowTheMinimumIsRefusedLikeTheProfileKey() {
        CliConsistencyTest.Run run = CliConsistencyTest.run("demo", "--ta", "2");

        assertEquals(ExitCode.USAGE, run.code(), run.out());
        assertTrue(run.out().contains("sipice.ta-ms"), run.out());
        assertTrue(run.out().contains("RESULT status=failed reason=bad_profile"), run.out());
    }
}
