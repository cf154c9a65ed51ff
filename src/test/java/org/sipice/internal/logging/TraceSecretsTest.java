package org.sipice.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP trace ({@code --trace}) masks ICE passwords and SRTP keys in the bodies it prints unless
 * the stack property {@code sipice.trace-secrets} (CLI {@code --show-secrets}) asks for them
 * (issue 11, defect 6).
 */
class TraceSecretsTest {

    private static final String PWD = "asd88fgpdd777uzjYhagZg";
    private static final String KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    private final Log4j2LoggersTest.Recorder trace = new Log4j2LoggersTest.Recorder();
    private Level before;
    private Logger logger;

    @BeforeEach
    void record() {
        logger = (Logger) LogManager.getLogger(Log4j2ServerLogger.LOGGER_NAME);
        before = logger.getLevel();
        Configurator.setLevel(Log4j2ServerLogger.LOGGER_NAME, Level.DEBUG);
        trace.start();
        logger.addAppender(trace);
    }

    @AfterEach
    void stop() {
        logger.removeAppender(trace);
        Configurator.setLevel(Log4j2ServerLogger.LOGGER_NAME, before);
    }

    @Test
    void passwordsAndKeysAreMaskedByDefault() throws Exception {
        String text = traced(new Properties());

        assertFalse(text.contains(PWD), text);
        assertFalse(text.contains(KEY), text);
        assertTrue(text.contains("a=ice-pwd:(22 characters hidden)\r\n"), text);
        assertTrue(text.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:(40 characters hidden)|2^20|1:32\r\n"), text);
        assertTrue(text.contains("a=ICE-PWD:(22 characters hidden)\r\n"), "attribute names are case-insensitive: " + text);
        assertTrue(text.contains("a=ice-ufrag:8hhY\r\n"), "the ufrag is no secret: " + text);
    }

    @Test
    void theStackPropertyShowsThem() throws Exception {
        Properties props = new Properties();
        props.setProperty("sipice.trace-secrets", "true");

        String text = traced(props);

        assertTrue(text.contains("a=ice-pwd:" + PWD + "\r\n"), text);
        assertTrue(text.contains("inline:" + KEY + "|2^20|1:32"), text);
    }

    private String traced(Properties props) throws Exception {
        Log4j2ServerLogger serverLogger = new Log4j2ServerLogger();
        serverLogger.setStackProperties(props);
        serverLogger.logMessage(invite(), "127.0.0.1:5060", "127.0.0.1:5062", true, 0L);
        assertEquals(1, trace.events().size());
        return trace.events().get(0).getMessage().getFormattedMessage();
    }

    private static SIPMessage invite() throws Exception {
        String body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-ufrag:8hhY\r\na=ice-pwd:" + PWD + "\r\nm=audio 5000 RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:32\r\n"
                + "a=ICE-PWD:" + PWD + "\r\na=sendrecv\r\n";
        String text = "INVITE sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@127.0.0.1:5060>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1:5062>\r\n"
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return (SIPMessage) factory.createMessageFactory().createRequest(text);
    }
}
