package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The TURN password from {@code --turn-pass}, {@code --turn-pass-file} or {@code SIPICE_TURN_PASS}
 * (docs/CLI.md, "The TURN password"): an option beats the environment, two options are a usage error.
 */
class TurnPasswordTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void aPasswordFileIsReadWithoutItsLineEnd() throws Exception {
        assertEquals("s3cret", TurnPassword.resolve(null, file("s3cret\n"), NO_ENV));
        assertEquals("s3cret", TurnPassword.resolve(null, file("s3cret\r\n"), NO_ENV));
        assertEquals("s3cret", TurnPassword.resolve(null, file("s3cret"), NO_ENV));
    }

    @Test
    void theEnvironmentVariableIsUsedWhenNoOptionGivesThePassword() throws Exception {
        Map<String, String> env = Map.of(TurnPassword.ENV, "from-env");
        assertEquals("from-env", TurnPassword.resolve(null, null, env));
        assertEquals("option", TurnPassword.resolve("option", null, env));
        assertEquals("from-file", TurnPassword.resolve(null, file("from-file\n"), env));
        assertNull(TurnPassword.resolve(null, null, NO_ENV));
        assertNull(TurnPassword.resolve(null, null, Map.of(TurnPassword.ENV, "")));
    }

    @Test
    void bothOptionsAreAUsageErrorThatSaysSo() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TurnPassword.resolve("a", file("b\n"), NO_ENV));
        assertEquals("--turn-pass and --turn-pass-file both give the TURN password: give one of them",
                e.getMessage());
    }

    @Test
    void aMissingOrEmptyFileIsAUsageErrorThatNamesIt() throws Exception {
        Path missing = dir.resolve("nothing-here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TurnPassword.resolve(null, missing, NO_ENV));
        assertEquals("--turn-pass-file " + missing + ": cannot read it (NoSuchFileException)", e.getMessage());
        Path empty = file("\n");
        e = assertThrows(IllegalArgumentException.class, () -> TurnPassword.resolve(null, empty, NO_ENV));
        assertEquals("--turn-pass-file " + empty + ": the first line is empty", e.getMessage());
    }

    @Test
    void theTurnOptionTakesItsPasswordFromTheEnvironment() {
        CallCommand call = new CallCommand();
        new CommandLine(call).parseArgs("sip:bob@127.0.0.1:5099", "--turn", "127.0.0.1:3478", "--turn-user", "alice");

        assertEquals(List.of("sipice.turn-servers=127.0.0.1:3478", "sipice.turn-username=alice",
                "sipice.turn-password=from-env"), call.phone.ice.profileKeys(Map.of(TurnPassword.ENV, "from-env")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call.phone.ice.profileKeys(NO_ENV));
        assertTrue(e.getMessage().contains("SIPICE_TURN_PASS"), e.getMessage());
    }

    @Test
    void bothOptionsOnTheCommandLineExit2BeforeAnythingStarts() throws Exception {
        CliConsistencyTest.Run run = CliConsistencyTest.run("call", "sip:bob@127.0.0.1:5099", "--turn",
                "127.0.0.1:3478", "--turn-user", "alice", "--turn-pass", "a", "--turn-pass-file",
                file("b\n").toString());
        assertEquals(ExitCode.USAGE, run.code(), run.out());
        assertTrue(run.out().contains("sipice: --turn-pass and --turn-pass-file both give the TURN password"),
                run.out());
        assertTrue(run.out().contains("RESULT status=failed reason=bad_option"), run.out());
        assertTrue(!run.out().contains("INVITE"), run.out());
    }

    private Path file(String content) throws Exception {
        Path f = Files.createTempFile(dir, "turn", ".pass");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
