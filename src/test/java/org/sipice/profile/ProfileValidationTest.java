package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.sip.UpdatedOfferPolicy;

/**
 * Every mistake in a profile file is an error that names the file, the key and the valid
 * choices; loading yields a value and changes nothing global.
 */
class ProfileValidationTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, java.util.List.of(lines));
        return file;
    }

    private ProfileException loadFails(Path file) {
        return assertThrows(ProfileException.class, () -> SipProfile.load(file));
    }

    @Test
    void aMisspelledSipiceKeySuggestsTheNearestOne() throws IOException {
        ProfileException e = loadFails(write("mine.properties", "extends=lan", "sipice.candidate-pool-sise=2"));
        assertTrue(e.getMessage().startsWith("mine.properties: unknown key sipice.candidate-pool-sise "
                + "(did you mean sipice.candidate-pool-size?); known sipice keys are "), e.getMessage());
        assertTrue(e.getMessage().contains("sipice.updated-offer"), e.getMessage());
    }

    @Test
    void aMisspelledStackPropertySuggestsTheNearestOne() throws IOException {
        ProfileException e = loadFails(write("mine.properties", "gov.nist.javax.sip.THREAD_POOL_SIZ=8"));
        assertTrue(e.getMessage().startsWith("mine.properties: unknown JAIN-SIP stack property "
                + "gov.nist.javax.sip.THREAD_POOL_SIZ (did you mean gov.nist.javax.sip.THREAD_POOL_SIZE?)"),
                e.getMessage());
    }

    @Test
    void aKeyOutsideEveryNamespaceSuggestsTheSipiceKeyItResembles() throws IOException {
        ProfileException e = loadFails(write("mine.properties", "sipce.ta-ms=20"));
        assertTrue(e.getMessage().startsWith("mine.properties: unknown key sipce.ta-ms (did you mean sipice.ta-ms?)"),
                e.getMessage());
    }

    @Test
    void aBadStackValueNamesTheChoices() throws IOException {
        assertEquals("mine.properties: gov.nist.javax.sip.REENTRANT_LISTENER=yes is not one of true, false",
                loadFails(write("mine.properties", "gov.nist.javax.sip.REENTRANT_LISTENER=yes")).getMessage());
        assertEquals("mine.properties: gov.nist.javax.sip.THREAD_POOL_SIZE=eight is not a whole number",
                loadFails(write("mine.properties", "gov.nist.javax.sip.THREAD_POOL_SIZE=eight")).getMessage());
        assertEquals("mine.properties: javax.sip.AUTOMATIC_DIALOG_SUPPORT=no is not one of on, off",
                loadFails(write("mine.properties", "javax.sip.AUTOMATIC_DIALOG_SUPPORT=no")).getMessage());
    }

    @Test
    void theNewKeysNameTheirChoices() throws IOException {
        assertEquals("mine.properties: sipice.updated-offer=SOMETIMES is not one of AUTO, NEVER",
                loadFails(write("mine.properties", "sipice.updated-offer=SOMETIMES")).getMessage());
        assertEquals("mine.properties: sipice.candidate-pool-size=99 is not a number from 0 to 32",
                loadFails(write("mine.properties", "sipice.candidate-pool-size=99")).getMessage());
    }

    @Test
    void theNewKeysReachTheCallConfig() throws IOException {
        SipProfile p = SipProfile.load(write("mine.properties", "extends=lan", "sipice.updated-offer=never",
                "sipice.candidate-pool-size=3"));
        assertEquals(UpdatedOfferPolicy.NEVER, p.callConfig().updatedOffer());
        assertEquals(3, p.callConfig().candidatePoolSize());
        assertEquals(UpdatedOfferPolicy.NEVER, p.callConfig().toBuilder().build().updatedOffer());
        assertEquals(3, p.callConfig().toBuilder().build().candidatePoolSize());
    }

    @Test
    void aTurnServerInheritedWithoutCredentialsNamesTheFileThatNamedIt() throws IOException {
        write("base.properties", "sipice.turn-servers=turn:127.0.0.1:3478");
        ProfileException e = loadFails(write("mine.properties", "extends=base.properties",
                "sipice.turn-username=alice"));
        assertEquals("base.properties: sipice.turn-servers needs sipice.turn-username and sipice.turn-password"
                + " (TURN long-term credentials, RFC 8489 §9.2); missing: sipice.turn-password", e.getMessage());
    }

    @Test
    void overridingTheShippedTurnProfileCredentialsLoads() throws IOException {
        SipProfile p = SipProfile.load(write("mine.properties", "extends=turn",
                "sipice.turn-servers=turn:127.0.0.1:3478", "sipice.turn-password=s3cret"));
        assertEquals("turn:127.0.0.1:3478 (user sipice)", p.callConfig().ice().turnServers().get(0).toString());
    }

    @Test
    void aThreeFileCycleIsNamedInOrder() throws IOException {
        write("a.properties", "extends=b");
        write("b.properties", "extends=c.properties");
        write("c.properties", "extends=a");
        ProfileException e = loadFails(dir.resolve("a.properties"));
        assertEquals("a.properties: extends cycle a.properties -> b.properties -> c.properties -> a.properties",
                e.getMessage());
    }

    @Test
    void loadingTwiceGivesEqualValuesAndChangesNothingGlobal() {
        Properties before = new Properties();
        before.putAll(System.getProperties());
        SipProfile first = SipProfile.load("aggressive");
        SipProfile second = SipProfile.load("lan");
        SipProfile again = SipProfile.load("aggressive");
        assertNotSame(first, again);
        assertEquals(first.callConfig().ice().nomination(), again.callConfig().ice().nomination());
        assertTrue(second.callConfig().ice().nomination() != first.callConfig().ice().nomination());
        first.stackProperties().setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "99");
        assertEquals("1", first.stackProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals(before, System.getProperties());
    }
}
