package org.sipice.internal.logging;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Locale;
import java.util.Properties;
import javax.sip.SipStack;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.text.PrintableText;
import org.sipice.sdp.SdpSecrets;

/**
 * JAIN-SIP's message trace, routed to the log4j2 logger {@value #LOGGER_NAME}.
 *
 * <p>Named in the stack property {@code gov.nist.javax.sip.SERVER_LOGGER}; the RI creates one per
 * stack by reflection with this no-arg constructor (docs/JAIN-SIP.md §1). Each message becomes one
 * event at the level named by the stack property {@value #TRACE_LEVEL_PROPERTY} (default
 * DEBUG), formatted as
 *
 * <pre>
 * SIP 127.0.0.1:5060 -&gt; 127.0.0.1:5062
 * OPTIONS sip:bob@127.0.0.1:5062 SIP/2.0
 * ...
 * </pre>
 *
 * <p>Bodies are shown with their secrets masked ({@link SdpSecrets}: {@code a=ice-pwd}, SRTP keys)
 * unless the stack property {@value #SHOW_SECRETS_PROPERTY} is {@code true} (CLI {@code --show-secrets}),
 * and with control characters other than line breaks and tabs escaped, since they come from peers.
 *
 * <p>The RI calls this logger only while the global stack logger answers true for level 16;
 * {@link Log4j2StackLogger} does so whenever {@value #LOGGER_NAME} is not OFF.
 */
public final class Log4j2ServerLogger implements ServerLogger {

    /** The log4j2 logger SIP messages go to. OFF in the default configuration. */
    public static final String LOGGER_NAME = "sipice.sip.trace";

    /** Stack property naming the log4j2 level of each traced message. */
    public static final String TRACE_LEVEL_PROPERTY = "sipice.trace-level";

    /** Stack property: {@code true} prints ICE passwords and SRTP keys as they are. */
    public static final String SHOW_SECRETS_PROPERTY = "sipice.trace-secrets";

    /** DEBUG keeps traces out of an INFO log unless asked for; INFO makes them visible. */
    public static final Level DEFAULT_TRACE_LEVEL = Level.DEBUG;

    private final Logger logger = LogManager.getLogger(LOGGER_NAME);
    private volatile Level level = DEFAULT_TRACE_LEVEL;
    private volatile boolean showSecrets;

    /** Called by the RI through reflection. */
    public Log4j2ServerLogger() {
    }

    /**
     * Reads {@value #TRACE_LEVEL_PROPERTY}. An unknown level name falls back to the default
     * with a warning; sip-profiles reject it before a stack is ever created.
     */
    @Override
    public void setStackProperties(Properties stackProperties) {
        showSecrets = Boolean.parseBoolean(stackProperties.getProperty(SHOW_SECRETS_PROPERTY, "false").trim());
        String name = stackProperties.getProperty(TRACE_LEVEL_PROPERTY);
        if (name == null || name.isBlank()) {
            level = DEFAULT_TRACE_LEVEL;
            return;
        }
        Level parsed = Level.getLevel(name.trim().toUpperCase(Locale.ROOT));
        if (parsed == null) {
            LogManager.getLogger(Log4j2StackLogger.LOGGER_NAME).warn("{}={} is not a log4j2 level; using {}",
                    TRACE_LEVEL_PROPERTY, name, DEFAULT_TRACE_LEVEL);
            parsed = DEFAULT_TRACE_LEVEL;
        }
        level = parsed;
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Nothing per stack: the trace line names both addresses.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        trace(message, from, to);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender,
            long time) {
        trace(message, from, to);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        trace(message, from, to);
    }

    @Override
    public void logException(Exception ex) {
        if (isOn()) {
            logger.log(level, "SIP exception", ex);
        }
    }

    @Override
    public void closeLogFile() {
        // No file: log4j2 owns the appenders.
    }

    /** True if traced messages would be written; encoding a message is skipped otherwise. */
    boolean isOn() {
        // Level.OFF is the lowest intLevel, so isEnabled(OFF) is true for every logger level:
        // an OFF trace level must be checked by hand.
        Level current = level;
        return current != Level.OFF && logger.isEnabled(current);
    }

    private void trace(SIPMessage message, String from, String to) {
        if (!isOn()) {
            return;
        }
        String text = stripTrailingBreaks(message.encode());
        if (!showSecrets) {
            text = SdpSecrets.mask(text);
        }
        logger.log(level, "SIP {} -> {}\n{}", from, to, PrintableText.escapeControls(text));
    }

    private static String stripTrailingBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(0, end);
    }
}
