package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;

/** {@code sipice.ice-tcp} and {@code sipice.udp-blocked} (RFC 6544 ICE-TCP): off unless a profile turns them on. */
class IceTcpProfileTest {

    private static IceConfig ice(String... keysAndValues) {
        Properties props = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return SipProfile.parse("test.properties", props).callConfig().ice();
    }

    @Test
    void iceTcpIsOffForTheSoftphoneAndOnWhenAProfileSaysSo() {
        IceConfig softphone = SipProfile.load("softphone").callConfig().ice();
        assertFalse(softphone.iceTcp());
        assertFalse(softphone.udpBlocked());

        assertTrue(ice("sipice.ice-tcp", "true").iceTcp());
        IceConfig blocked = ice("sipice.udp-blocked", "true");
        assertTrue(blocked.udpBlocked());
        assertFalse(blocked.iceTcp());
    }

    @Test
    void aValueThatIsNotABooleanNamesTheChoices() {
        ProfileException e = assertThrows(ProfileException.class, () -> ice("sipice.ice-tcp", "yes"));
        assertEquals("test.properties: sipice.ice-tcp=yes is not one of true, false", e.getMessage());
    }
}
