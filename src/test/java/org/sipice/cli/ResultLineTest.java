package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A RESULT line is one line of printable text whatever a peer sent: control characters are
 * escaped and each value is capped (issue 11, defect 6: ESC and NUL from a peer's SDP reached the
 * terminal, and a 1 MB candidate line became a 1 MB RESULT line).
 */
class ResultLineTest {

    @Test
    void spacesBecomeUnderscoresAsBefore() {
        assertEquals("RESULT status=failed reason=488_Not_Acceptable_Here", ResultLine.failed("488 Not Acceptable Here")
                .toString());
    }

    @Test
    void controlCharactersAreEscaped() {
        String line = ResultLine.failed("bad\u001b[2J\u0000x\u0007y\u009bz\\").put("k", "\u202etxt.exe").toString();

        assertEquals("RESULT status=failed reason=bad\\x1b[2J\\x00x\\x07y\\x9bz\\\\ k=\\u202etxt.exe", line);
    }

    @Test
    void printableUnicodeIsKept() {
        assertEquals("RESULT status=failed reason=RFC_8839_§5.4_café", ResultLine.failed("RFC 8839 §5.4 café").toString());
    }

    @Test
    void aHugeValueIsCapped() {
        String line = ResultLine.failed("x".repeat(1 << 20)).toString();

        assertTrue(line.length() < 1024, line.length() + " chars");
        assertTrue(line.matches("RESULT status=failed reason=x+\\.\\.\\.\\(\\+[0-9]+_chars\\)"), line);
    }
}
