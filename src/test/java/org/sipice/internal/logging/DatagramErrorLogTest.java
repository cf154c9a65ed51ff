package org.sipice.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The RI's per-datagram ERROR messages become one bounded line per interval. */
class DatagramErrorLogTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DatagramErrorLog log = new DatagramErrorLog(now::get);

    @Test
    void theDecimalByteArrayBecomesOneShortLineNamingTheException() {
        String ri = "Error while processing incoming UDP packet" + Arrays.toString(new byte[65536]);

        String line = log.lineFor(ri, new NullPointerException("no Via"));

        assertEquals("dropped an unprocessable SIP datagram (processing failed: java.lang.NullPointerException: no Via)",
                line);
    }

    @Test
    void controlBytesAreReplacedAndLongMessagesCut() {
        String line = log.lineFor("bad message SIP/2.0 200 OK\r\n\u001b[31m\u0000" + "x".repeat(10_000), null);

        assertTrue(line.length() <= DatagramErrorLog.MAX_LINE + 3, line);
        assertFalse(line.chars().anyMatch(c -> c < 0x20 || c >= 0x7f), line);
        assertTrue(line.startsWith("dropped an unprocessable SIP datagram (bad message SIP/2.0 200 OK  ?[31m?xxx"), line);
    }

    @Test
    void withinAnIntervalFurtherComplaintsAreCountedAndReportedWithTheNextLine() {
        assertTrue(log.lineFor("bad message a", null) != null);
        for (int i = 0; i < 999; i++) {
            assertNull(log.lineFor("bad message b", null));
        }
        now.addAndGet(DatagramErrorLog.INTERVAL.toNanos());

        assertTrue(log.lineFor("bad message c", null).endsWith("; 999 more since the last report"));
    }

    @Test
    void onlyTheRisPerDatagramMessagesAreConcerned() {
        assertTrue(DatagramErrorLog.isAbout("Error while processing incoming UDP packet[1, 2]"));
        assertTrue(DatagramErrorLog.isAbout(">>> Dropped Bad Msg From = null"));
        assertFalse(DatagramErrorLog.isAbout("Unexpected exception acquiring sem"));
        assertFalse(DatagramErrorLog.isAbout(null));
    }

    @Test
    void theRiRaceOnARetransmittedRequestIsRecognisedByItsStack() {
        NullPointerException race = new NullPointerException("Cannot invoke \"gov.nist.javax.sip.message.SIPResponse"
                + ".getStatusCode()\" because \"transactionResponse\" is null");
        race.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("gov.nist.javax.sip.stack.SIPServerTransactionImpl", "sendMessage", null, 920),
            new StackTraceElement("gov.nist.javax.sip.stack.SIPServerTransactionImpl", "resendLastResponseAsBytes",
                    null, 1209),
            new StackTraceElement("gov.nist.javax.sip.stack.SIPServerTransactionImpl", "processRequest", null, 827),
            new StackTraceElement("gov.nist.javax.sip.stack.UDPMessageChannel", "processIncomingDataPacket", null, 1)});
        NullPointerException elsewhere = new NullPointerException("no Via");
        elsewhere.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("gov.nist.javax.sip.stack.UDPMessageChannel", "processMessage", null, 1)});

        assertTrue(DatagramErrorLog.isRetransmissionRace(race));
        assertFalse(DatagramErrorLog.isRetransmissionRace(elsewhere), "another NullPointerException is a peer's junk");
        assertFalse(DatagramErrorLog.isRetransmissionRace(new IllegalStateException()), "not a NullPointerException");
        assertFalse(DatagramErrorLog.isRetransmissionRace(null), "no exception");
    }
}
