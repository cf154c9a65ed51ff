package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import picocli.CommandLine;

/**
 * {@code --turn} is validated with the profile: a relay-only softphone is written
 * {@code --set sipice.relay-only=true --turn HOST:PORT --turn-user U --turn-pass P}, and the
 * profile check (relay-only needs a TURN server) sees the server the option gives.
 */
class TurnOptionProfileTest {

    @Test
    void relayOnlyWithTheTurnOptionIsAValidProfile() throws Exception {
        CallCommand call = new CallCommand();
        new CommandLine(call).parseArgs("sip:bob@127.0.0.1:5099", "--set", "sipice.relay-only=true",
                "--turn", "127.0.0.1:3478", "--turn-user", "alice", "--turn-pass", "secret");

        IceConfig ice = call.phone.callConfig(call.common.loadProfile("softphone", call.phone.profileKeys()),
                InetAddress.getLoopbackAddress()).ice();

        assertTrue(ice.relayOnly());
        assertEquals(1, ice.turnServers().size());
        assertEquals(3478, ice.turnServers().get(0).address().getPort());
    }

    @Test
    void aTurnsServerWithItsCaFileFromTheCommandLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path ca = dir.resolve("ca.pem");
        org.sipice.internal.tls.CertificateAuthority.create("cli CA", java.time.Duration.ofDays(1))
                .writeCertificatePem(ca);
        CallCommand call = new CallCommand();
        new CommandLine(call).parseArgs("sip:bob@127.0.0.1:5099", "--turn", "turns:127.0.0.1", "--turn-ca-file",
                ca.toString(), "--turn-user", "alice", "--turn-pass", "secret");

        IceConfig ice = call.phone.callConfig(call.common.loadProfile("softphone", call.phone.profileKeys()),
                InetAddress.getLoopbackAddress()).ice();

        org.sipice.ice.TurnServer server = ice.turnServers().get(0);
        assertEquals(org.sipice.ice.TurnServer.Transport.TLS, server.transport());
        assertEquals(5349, server.address().getPort(), "RFC 8656 §3.1: the TLS port by default");
        assertEquals(ca, server.caFile());
    }

    @Test
    void theTurnOptionWithoutCredentialsIsAUsageError() {
        CallCommand call = new CallCommand();
        new CommandLine(call).parseArgs("sip:bob@127.0.0.1:5099", "--turn", "127.0.0.1:3478");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call.phone::profileKeys);
        assertTrue(e.getMessage().contains("--turn-user"), e.getMessage());
    }
}
