package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What must hold for any input to the codec, however hostile: it is either rejected with an
 * {@link IceSdpException} whose message is short, printable and free of the input's ICE passwords,
 * or accepted, and then format, parse and the builders agree with it and every accessor answers.
 * Any other exception or a broken property is an {@link AssertionError} (or the exception itself)
 * for the caller to report with the input.
 */
final class SdpProperties {

    /** Room for a Warning header: a line number, an attribute name, a quote and a reason. */
    static final int MESSAGE_BOUND = 700;

    private SdpProperties() {
    }

    /** Checks every property on {@code input}; true if the codec accepted it. */
    static boolean check(String input) {
        IceDescription d;
        try {
            d = IceSdp.parse(input);
        } catch (IceSdpException e) {
            checkMessage(input, e);
            return false;
        }
        String text = IceSdp.format(d);
        IceDescription again = IceSdp.parse(text);
        assertEquals(d, again, "parse(format(x)) must equal x");
        assertEquals(text, IceSdp.format(again), "format must be stable");

        IceDescription built = d.toBuilder().build();
        if (d.sessionName() != null && hasSessionLine(text, 't')) {
            assertEquals(d, built, "toBuilder().build() must change nothing when s= and t= are there");
        } else {
            assertEquals(built, IceSdp.parse(IceSdp.format(built)), "a built description must parse back to itself");
        }
        for (IceMedia m : d.media()) {
            assertEquals(m, m.toBuilder().build(), "a media section's toBuilder().build() must change nothing");
        }
        readEverything(d);
        return true;
    }

    private static void checkMessage(String input, IceSdpException e) {
        for (String text : new String[] {e.getMessage(), e.reason()}) {
            assertTrue(text.length() <= MESSAGE_BOUND, "message of " + text.length() + " chars: " + text);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                assertFalse(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u202e',
                        "unescaped char " + (int) c + " in message: " + text);
            }
            for (String pwd : passwords(input)) {
                assertFalse(text.contains(pwd), "the message echoes the ice-pwd '" + pwd + "': " + text);
            }
        }
    }

    /**
     * What looks like a password in the input's a=ice-pwd lines: the longest run of ice-chars of
     * each value, when it is long and varied enough not to occur elsewhere by chance (a mutated
     * value such as "candidate:" or "AAAA..." is also in the lines an error may quote).
     */
    private static List<String> passwords(String input) {
        List<String> values = new ArrayList<>();
        for (String line : input.split("\r\n|\r|\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("a=") && colon > 0
                    && line.substring(2, colon).trim().toLowerCase(Locale.ROOT).equals("ice-pwd")) {
                String run = longestIceCharRun(line.substring(colon + 1));
                if (run.length() >= 16 && run.chars().distinct().count() >= 6) {
                    values.add(run);
                }
            }
        }
        return values;
    }

    private static String longestIceCharRun(String value) {
        String best = "";
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || !IceChars.isIceChar(value.charAt(i))) {
                if (i - start > best.length()) {
                    best = value.substring(start, i);
                }
                start = i + 1;
            }
        }
        return best;
    }

    private static boolean hasSessionLine(String text, char type) {
        for (String line : text.split("\r\n")) {
            if (line.startsWith("m=")) {
                return false;
            }
            if (line.charAt(0) == type) {
                return true;
            }
        }
        return false;
    }

    /** Every accessor of an accepted description answers without throwing. */
    private static void readEverything(IceDescription d) {
        d.origin();
        d.connectionAddress();
        d.sessionCredentials().ifPresent(IceCredentials::toString);
        d.sessionIceOptions();
        d.sessionIcePacing();
        d.iceLite();
        d.endOfCandidates();
        d.sessionAttributes();
        d.skipped();
        for (IceMedia m : d.media()) {
            m.mediaType();
            m.port();
            m.formats();
            m.connectionAddress();
            m.rtcpPort();
            m.rtcpAddress();
            m.credentials();
            m.mediaCredentials();
            m.iceOptions();
            m.icePacing();
            m.remoteCandidates().forEach(RemoteCandidateRef::transportAddr);
            m.defaultCandidate(1);
            m.defaultCandidate(2);
            m.attributes();
            m.skipped();
            for (IceCandidate c : m.candidates()) {
                c.transportAddr();
                c.isFqdn();
                c.isMdns();
                assertEquals(c, IceCandidate.parse(c.toSdpValue()), "a candidate must round-trip");
                assertEquals(c, c.toBuilder().build());
            }
        }
    }
}
