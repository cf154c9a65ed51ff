/**
 * Routes every library's logging into log4j2; applications never import this package.
 *
 * <ul>
 *   <li>{@link org.sipice.internal.logging.Log4j2StackLogger}: JAIN-SIP diagnostics to the
 *       logger {@code gov.nist.javax.sip} (stack property {@code gov.nist.javax.sip.STACK_LOGGER}).
 *   <li>{@link org.sipice.internal.logging.Log4j2ServerLogger}: every SIP message sent or
 *       received to the logger {@code sipice.sip.trace}, OFF by default (stack property
 *       {@code gov.nist.javax.sip.SERVER_LOGGER}).
 *   <li>{@link org.sipice.internal.logging.LoggingBridge}: java.util.logging, which ice4j uses,
 *       into log4j2.
 * </ul>
 *
 * <p>Together they keep log4j 1.x off the class path: the RI's default loggers need it
 * (docs/JAIN-SIP.md §1), ours need only log4j-api and log4j-core.
 */
package org.sipice.internal.logging;
