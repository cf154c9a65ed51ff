package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.sipice.sip.SipTransport;

/** {@code sipice.sip-transport} and the {@code sipice.tls-*} keys: what they yield and what they refuse. */
class SipTransportKeysTest {
    private static final String FINGERPRINT = "ab".repeat(32);

    private static SipProfile parse(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("extends", "loopback-demo");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return SipProfile.parse("tls.properties", p);
    }

    @Test
    void udpWithASelfSignedCertificateAndTheSystemTrustStoreByDefault() {
        SipProfile profile = SipProfile.load("loopback-demo");
        assertEquals(SipTransport.UDP, profile.sipTransport());
        assertEquals(Optional.empty(), profile.sipTls().keyStore());
        assertEquals(Optional.empty(), profile.sipTls().caFile());
        assertEquals(List.of(), profile.sipTls().trustedFingerprints());
    }

    @Test
    void everyTlsKeyReachesTheSettings() {
        SipProfile profile = parse("sipice.sip-transport", "TLS", "sipice.tls-keystore", "/etc/sipice/me.p12",
                "sipice.tls-keystore-password", "secret", "sipice.tls-ca-file", "/etc/sipice/ca.pem",
                "sipice.tls-fingerprints", "sha-256 " + FINGERPRINT);
        assertEquals(SipTransport.TLS, profile.sipTransport());
        assertEquals(Optional.of(Path.of("/etc/sipice/me.p12")), profile.sipTls().keyStore());
        assertEquals(Optional.of("secret"), profile.sipTls().keyStorePassword());
        assertEquals(Optional.of(Path.of("/etc/sipice/ca.pem")), profile.sipTls().caFile());
        assertEquals(List.of(String.join(":", java.util.Collections.nCopies(32, "AB"))),
                profile.sipTls().trustedFingerprints());
        assertTrue(!profile.sipTls().toString().contains("secret"), profile.sipTls().toString());
    }

    @Test
    void aKeyStoreWithoutItsPasswordIsRefused() {
        ProfileException e = assertThrows(ProfileException.class, () -> parse("sipice.tls-keystore", "me.p12"));
        assertTrue(e.getMessage().contains("sipice.tls-keystore-password"), e.getMessage());
    }

    @Test
    void aTransportOrFingerprintThatIsNoneIsRefusedNamingTheKey() {
        ProfileException transport = assertThrows(ProfileException.class, () -> parse("sipice.sip-transport", "sctp"));
        assertTrue(transport.getMessage().contains("sipice.sip-transport=sctp"), transport.getMessage());
        ProfileException pin = assertThrows(ProfileException.class,
                () -> parse("sipice.tls-fingerprints", "SHA256:AB:CD"));
        assertTrue(pin.getMessage().contains("sipice.tls-fingerprints"), pin.getMessage());
    }
}
