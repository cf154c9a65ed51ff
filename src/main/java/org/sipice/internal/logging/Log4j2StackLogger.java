package org.sipice.internal.logging;

import gov.nist.core.StackLogger;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * JAIN-SIP's diagnostic log, routed to the log4j2 logger {@value #LOGGER_NAME}.
 *
 * <p>Named in the stack property {@code gov.nist.javax.sip.STACK_LOGGER}; the RI creates it by
 * reflection with this no-arg constructor (docs/JAIN-SIP.md §1). With it no log4j 1.x class is
 * needed at all: the RI's default {@code LogWriter} needs log4j 1.x and makes
 * {@code createSipStack} fail without it (docs/JAIN-SIP.md §1).
 *
 * <p>Levels come from the log4j2 configuration only; the legacy stack properties
 * {@code TRACE_LEVEL}, {@code DEBUG_LOG} and {@code LOG4J_LOGGER_NAME} are ignored. JAIN-SIP's
 * levels map as: 2 FATAL, 4 ERROR, 8 WARN, 16 INFO (= TRACE_MESSAGES), 32 DEBUG, 64 TRACE.
 *
 * <p>One instance answers for every stack in the JVM: the RI keeps the stack logger of the most
 * recently created stack in a static field and all its classes log through it (docs/JAIN-SIP.md
 * §1). This class therefore holds no per-stack state that
 * matters.
 */
public final class Log4j2StackLogger implements StackLogger {

    /** The log4j2 logger all JAIN-SIP diagnostics go to. */
    public static final String LOGGER_NAME = "gov.nist.javax.sip";

    /** Legacy RI properties that have no effect with this logger; a warning names them. */
    private static final List<String> IGNORED_PROPERTIES = List.of("gov.nist.javax.sip.TRACE_LEVEL",
            "gov.nist.javax.sip.DEBUG_LOG", "gov.nist.javax.sip.LOG4J_LOGGER_NAME");

    /**
     * Warnings the RI logs for every stack created without TLS settings
     * ({@code SipStackImpl.java:1049}, {@code DefaultSecurityManagerProvider.java:47-71}). For a
     * UDP or TCP stack they are noise on stderr, so they are logged at INFO instead.
     */
    private static final List<String> TLS_DEFAULT_NOTICES = List.of("using default tls security policy",
            "Using default keystore type", "TLS server settings will be inactive", "Using default truststore type",
            "TLS trust settings will be inactive");

    private final Logger logger = LogManager.getLogger(LOGGER_NAME);
    private final Logger traceLogger = LogManager.getLogger(Log4j2ServerLogger.LOGGER_NAME);
    private final AtomicInteger lineCount = new AtomicInteger();
    /** The RI's one-ERROR-per-junk-datagram messages, bounded and rate-limited. */
    private final DatagramErrorLog datagramErrors = new DatagramErrorLog(System::nanoTime);
    private volatile boolean enabled = true;

    /** Called by the RI through reflection. */
    public Log4j2StackLogger() {
    }

    /** Maps a JAIN-SIP {@code LogLevels} value to log4j2; values between steps round down. */
    static Level toLog4j(int jainSipLevel) {
        if (jainSipLevel <= TRACE_FATAL) {
            return Level.FATAL;
        } else if (jainSipLevel <= TRACE_ERROR) {
            return Level.ERROR;
        } else if (jainSipLevel <= TRACE_WARN) {
            return Level.WARN;
        } else if (jainSipLevel <= TRACE_INFO) {
            return Level.INFO;
        } else if (jainSipLevel <= TRACE_DEBUG) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled && (logger.isEnabled(Level.FATAL) || messageTraceOn());
    }

    /**
     * Answers from the log4j2 level of {@value #LOGGER_NAME}, except that 16 (TRACE_MESSAGES) is
     * also true while the message trace logger is on: the RI calls the {@code ServerLogger} only
     * if the stack logger says 16 is enabled (docs/JAIN-SIP.md §1).
     */
    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (!enabled) {
            return false;
        }
        if (logLevel == TRACE_MESSAGES && messageTraceOn()) {
            return true;
        }
        return logger.isEnabled(toLog4j(logLevel));
    }

    /**
     * True unless the trace logger is OFF. This deliberately ignores the level a stack names in
     * {@code sipice.trace-level}: the one global stack logger answers for every stack, and each
     * stack's {@link Log4j2ServerLogger} filters by its own level anyway.
     */
    private boolean messageTraceOn() {
        return traceLogger.isEnabled(Level.FATAL);
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        log(toLog4j(traceLevel), "stack trace", new Throwable("stack trace"));
    }

    @Override
    public int getLineCount() {
        return lineCount.get();
    }

    @Override
    public void logException(Throwable ex) {
        log(Level.ERROR, "exception in the SIP stack", ex);
    }

    @Override
    public void logDebug(String message) {
        log(Level.DEBUG, message, null);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        log(Level.DEBUG, message, ex);
    }

    @Override
    public void logTrace(String message) {
        log(Level.TRACE, message, null);
    }

    @Override
    public void logFatalError(String message) {
        log(Level.FATAL, message, null);
    }

    @Override
    public void logError(String message) {
        logError(message, null);
    }

    @Override
    public void logError(String message, Exception ex) {
        if (DatagramErrorLog.isAbout(message) && DatagramErrorLog.isRetransmissionRace(ex)) {
            // The RI's own race, harmless: the peer's next retransmission is answered.
            log(Level.DEBUG, "JAIN-SIP dropped a retransmitted request while its transaction was sending a "
                    + "response (RI race; the next retransmission is answered)", null);
            return;
        }
        if (DatagramErrorLog.isAbout(message)) {
            // A peer's junk, not our error: one bounded WARN line per interval (DatagramErrorLog).
            if (enabled && logger.isEnabled(Level.WARN)) {
                String line = datagramErrors.lineFor(message, ex);
                if (line != null) {
                    log(Level.WARN, line, null);
                }
            }
            return;
        }
        log(Level.ERROR, message, ex);
    }

    @Override
    public void logWarning(String message) {
        boolean notice = message != null && TLS_DEFAULT_NOTICES.stream().anyMatch(message::startsWith);
        log(notice ? Level.INFO : Level.WARN, message, null);
    }

    @Override
    public void logInfo(String message) {
        log(Level.INFO, message, null);
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log(Level.DEBUG, "JAIN-SIP build " + buildTimeStamp, null);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        for (String key : IGNORED_PROPERTIES) {
            if (stackProperties.getProperty(key) != null) {
                log(Level.WARN, key + " is ignored: JAIN-SIP log levels come from the log4j2 logger "
                        + LOGGER_NAME, null);
            }
        }
    }

    @Override
    public String getLoggerName() {
        return LOGGER_NAME;
    }

    private void log(Level level, String message, Throwable thrown) {
        if (enabled && logger.isEnabled(level)) {
            lineCount.incrementAndGet();
            logger.log(level, message, thrown);
        }
    }
}
