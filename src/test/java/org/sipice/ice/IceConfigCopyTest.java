package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An {@link IceConfig} is a value: {@code toBuilder()} carries every setting (checked for every
 * accessor, so a new setting the copy forgets fails here), a builder changed after
 * {@code build()} leaves the built config alone, and its lists cannot be changed.
 */
class IceConfigCopyTest {

    private static IceConfig everySettingChanged() throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 3478);
        return IceConfig.builder()
                .addHostAddress(InetAddress.getByName("127.0.0.1"))
                .allowedInterfaces(List.of("eth0"))
                .blockedInterfaces(List.of("docker0"))
                .blockedAddresses(List.of(InetAddress.getByName("10.9.9.9")))
                .maxHostCandidates(2)
                .ipv6(false)
                .preferIpv6(false)
                .addStunServer(new StunServer(server))
                .addTurnServer(new TurnServer(server, "u", "p"))
                .relayOnly(true)
                .keepaliveInterval(Duration.ofSeconds(16))
                .consentInterval(Duration.ofSeconds(6))
                .consentTimeout(Duration.ofSeconds(31))
                .ta(Duration.ofMillis(30))
                .gatheringTimeout(Duration.ofMillis(900))
                .checksTimeout(Duration.ofSeconds(16))
                .nomination(NominationMode.AGGRESSIVE)
                .rtcpMux(true)
                .relayFirst(true)
                .udpMux(new InetSocketAddress("127.0.0.1", 40000))
                .iceTcp(true)
                .udpBlocked(true)
                .build();
    }

    @Test
    void toBuilderCarriesEverySetting() throws Exception {
        IceConfig changed = everySettingChanged();
        IceConfig copy = changed.toBuilder().build();
        IceConfig defaults = IceConfig.builder().build();
        List<String> accessors = new ArrayList<>();
        for (Method m : IceConfig.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() != 0 || m.getName().equals("toBuilder") || m.getName().equals("toString")
                    || m.getName().equals("hashCode")) {
                continue;
            }
            accessors.add(m.getName());
            assertEquals(m.invoke(changed), m.invoke(copy), m.getName() + " is lost by toBuilder()");
            if (!m.getName().equals("componentCount")) {
                assertNotEquals(m.invoke(defaults), m.invoke(changed), m.getName() + ": the test must change it");
            }
        }
        assertEquals(23, accessors.size(), "every setting is checked: " + accessors);
    }

    @Test
    void aBuilderChangedAfterBuildLeavesTheConfigAlone() throws Exception {
        IceConfig.Builder builder = everySettingChanged().toBuilder();
        IceConfig built = builder.build();
        builder.addStunServer(new StunServer(new InetSocketAddress("127.0.0.1", 3479))).ta(Duration.ofMillis(50));
        assertEquals(1, built.stunServers().size());
        assertEquals(Duration.ofMillis(30), built.ta());
    }

    @Test
    void itsListsCannotBeChanged() throws Exception {
        IceConfig config = everySettingChanged();
        assertThrows(UnsupportedOperationException.class, () -> config.stunServers().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.hostAddresses().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.turnServers().clear());
    }
}
