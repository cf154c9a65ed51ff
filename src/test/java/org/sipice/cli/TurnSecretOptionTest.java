package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.ice.TurnServer;
import picocli.CommandLine;

/**
 * {@code --turn-secret} (docs/CLI.md, "The TURN password"): instead of a password, the secret
 * shared with coturn ({@code sipice.turn-secret}), from the option, a file or
 * {@code SIPICE_TURN_SECRET}, with the password's rules.
 */
class TurnSecretOptionTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    private static DemoCommand demo(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo;
    }

    @Test
    void theSecretStandsForTheProfileKeyInsteadOfThePassword() {
        DemoCommand demo = demo("--turn", "127.0.0.1:3478", "--turn-user", "alice", "--turn-secret", "s3cret");

        assertEquals(List.of("sipice.turn-servers=127.0.0.1:3478", "sipice.turn-username=alice",
                "sipice.turn-secret=s3cret"), demo.ice.profileKeys(Map.of(TurnPassword.ENV, "from-env")));
    }

    @Test
    void theSecretComesFromAFileOrTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-file\n", StandardCharsets.UTF_8);

        assertTrue(demo("--turn", "127.0.0.1:3478", "--turn-user", "alice", "--turn-secret-file", file.toString())
                .ice.profileKeys(NO_ENV).contains("sipice.turn-secret=from-file"));
        assertTrue(demo("--turn", "127.0.0.1:3478", "--turn-user", "alice").ice
                .profileKeys(Map.of(TurnPassword.SECRET_ENV, "from-env")).contains("sipice.turn-secret=from-env"));
    }

    @Test
    void aPasswordAndASecretTogetherAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> demo("--turn",
                "127.0.0.1:3478", "--turn-user", "alice", "--turn-pass", "p", "--turn-secret", "s").ice
                .profileKeys(NO_ENV));
        assertEquals("--turn takes a password or a shared secret (--turn-secret), not both", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> demo("--turn", "127.0.0.1:3478", "--turn-user",
                "alice").ice.profileKeys(Map.of(TurnPassword.ENV, "p", TurnPassword.SECRET_ENV, "s")));
        assertTrue(e.getMessage().startsWith("both SIPICE_TURN_PASS and SIPICE_TURN_SECRET are set"), e.getMessage());
    }

    @Test
    void theSecretReplacesThePasswordOfAProfileThatHasOne() {
        // The shipped "turn" profile names a server with a password (sipice.turn-password=change-me).
        DemoCommand demo = demo("--profile", "turn", "--turn", "127.0.0.1:3478", "--turn-user", "alice",
                "--turn-secret", "s3cret");

        List<TurnServer> servers = demo.common.loadProfile("loopback-demo", demo.ice.profileKeys(NO_ENV))
                .callConfig().ice().turnServers();

        assertEquals(1, servers.size());
        assertEquals(new TurnServer.SharedSecret("alice", "s3cret", Duration.ofHours(24)),
                servers.get(0).sharedSecret());
        assertTrue(servers.get(0).username().endsWith(":alice"), servers.get(0).username());
    }
}
