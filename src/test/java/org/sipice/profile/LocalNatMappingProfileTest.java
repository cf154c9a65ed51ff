package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code sipice.local-nat-mapping}: the mapping {@code sipice nat-probe} reported; {@code apdm}
 * (RFC 4787 §4.1 address-and-port-dependent) turns on relay-first gathering.
 */
class LocalNatMappingProfileTest {

    @Test
    void apdm_asksForTheRelayFirst() {
        assertTrue(parse("apdm").callConfig().ice().relayFirst());
        assertTrue(parse("APDM").callConfig().ice().relayFirst());
    }

    @Test
    void otherMappings_gatherAsUsual() {
        for (String m : new String[] {"none", "eim", "adm", "unknown"}) {
            assertFalse(parse(m).callConfig().ice().relayFirst(), m);
        }
        assertFalse(SipProfile.parse("empty", new Properties()).callConfig().ice().relayFirst());
    }

    @Test
    void aValueThatIsNoMappingNamesTheChoices() {
        ProfileException e = assertThrows(ProfileException.class, () -> parse("symmetric"));
        assertTrue(e.getMessage().contains("sipice.local-nat-mapping=symmetric"), e.getMessage());
        assertTrue(e.getMessage().contains("apdm"), e.getMessage());
    }

    private static SipProfile parse(String value) {
        Properties p = new Properties();
        p.setProperty("sipice.local-nat-mapping", value);
        return SipProfile.parse("nat.properties", p);
    }
}
