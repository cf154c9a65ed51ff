package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8839 §5.4: ufrag 4*256ice-char, pwd 22*256ice-char, ice-char = ALPHA / DIGIT / "+" / "/". */
class IceCredentialsTest {

    private static final String PWD_22 = "asd88fgpdd777uzjYhagZg";

    @ParameterizedTest(name = "ufrag of {0} characters is valid")
    @CsvSource({"4", "32", "256"})
    void acceptsUfragLengthsFrom4To256(int length) {
        String ufrag = "a".repeat(length);

        assertEquals(ufrag, new IceCredentials(ufrag, PWD_22).ufrag());
    }

    @ParameterizedTest(name = "pwd of {0} characters is valid")
    @CsvSource({"22", "24", "256"})
    void acceptsPwdLengthsFrom22To256(int length) {
        String pwd = "Z".repeat(length);

        assertEquals(pwd, new IceCredentials("8hhY", pwd).pwd());
    }

    @Test
    void acceptsEveryIceChar() {
        IceCredentials c = new IceCredentials("aZ09+/", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

        assertEquals("aZ09+/", c.ufrag());
    }

    @ParameterizedTest(name = "ufrag ''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "abc        | ice-ufrag 'abc' has 3 characters, must have 4..256 (RFC 8839 §5.4)",
            "ab-cd      | ice-ufrag 'ab-cd' contains '-', not an ice-char",
            "ab_cd      | ice-ufrag 'ab_cd' contains '_', not an ice-char",
            "abc=       | ice-ufrag 'abc=' contains '=', not an ice-char",
            "\"ab cd\"    | ice-ufrag 'ab cd' contains ' ', not an ice-char",
            "ab\u00e9cd | ice-ufrag 'ab\u00e9cd' contains '\u00e9', not an ice-char"})
    void rejectsABadUfrag(String ufrag, String reason) {
        IceSdpException e = assertThrows(IceSdpException.class, () -> new IceCredentials(ufrag, PWD_22));

        assertTrue(e.reason().startsWith(reason), e.reason());
    }

    @Test
    void rejectsAUfragOf257Characters() {
        IceSdpException e = assertThrows(IceSdpException.class, () -> new IceCredentials("u".repeat(257), PWD_22));

        assertTrue(e.reason().contains("has 257 characters, must have 4..256"), e.reason());
    }

    @ParameterizedTest(name = "pwd of {0} characters is rejected")
    @CsvSource({"0", "21", "257"})
    void rejectsAPwdOfTheWrongLength(int length) {
        IceSdpException e = assertThrows(IceSdpException.class, () -> new IceCredentials("8hhY", "p".repeat(length)));

        assertTrue(e.reason().contains("has " + length + " characters, must have 22..256"), e.reason());
    }

    @Test
    void rejectsAPwdWithABadChar() {
        IceSdpException e = assertThrows(IceSdpException.class,
                () -> new IceCredentials("8hhY", "asd88fgpdd777uzjYhagZ!"));

        assertTrue(e.reason().startsWith("ice-pwd contains a character that is not an ice-char, at position 22"),
                e.reason());
        assertFalse(e.getMessage().contains("asd88f"), "never the password: " + e.getMessage());
    }

    @Test
    void neverPrintsThePassword() {
        String text = new IceCredentials("8hhY", PWD_22).toString();

        assertFalse(text.contains(PWD_22), text);
        assertEquals("IceCredentials[ufrag=8hhY, pwd=(22 chars)]", text);
    }
}
