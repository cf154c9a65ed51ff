package org.sipice.internal.logging;

import java.util.logging.Handler;
import java.util.logging.Logger;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/**
 * Sends java.util.logging into log4j2, so that ice4j (which logs through jitsi-utils on top of
 * JUL) ends in the same appenders as JAIN-SIP and sipice, and no JUL record reaches stderr
 * through JUL's own {@code ConsoleHandler}.
 *
 * <p>Two set-ups end in log4j2:
 * <ul>
 *   <li>{@code -Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager} (as the
 *       Maven build sets for tests) replaces JUL wholesale; {@link #install()} then has nothing
 *       to do.
 *   <li>Otherwise {@link #install()} removes the JUL root handlers and adds a
 *       {@link Log4jBridgeHandler} with level propagation: JUL logger levels are copied from the
 *       log4j2 configuration, so ice4j does not even build records that log4j2 would drop.
 *       Levels changed later with {@code Configurator.setLevel} are not propagated to JUL; raise
 *       ice4j's level in the configuration file instead.
 * </ul>
 */
public final class LoggingBridge {

    private static boolean installed;

    private LoggingBridge() {
    }

    /**
     * Bridges JUL into log4j2. Idempotent and thread-safe; call it before the first ice4j class
     * is used so that no early record goes to JUL's console handler.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        java.util.logging.LogManager manager = java.util.logging.LogManager.getLogManager();
        if (!(manager instanceof org.apache.logging.log4j.jul.LogManager)) {
            // A logging.properties may already name the bridge; keep it then, drop the rest.
            if (!keepOnlyBridge(manager.getLogger(""))) {
                Log4jBridgeHandler.install(false, null, true);
            }
        }
        installed = true;
    }

    /**
     * Removes every root handler that is not a bridge handler (JUL's default is a
     * {@code ConsoleHandler} on stderr) and tells whether a bridge handler remains.
     */
    private static boolean keepOnlyBridge(Logger root) {
        boolean bridged = false;
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof Log4jBridgeHandler) {
                bridged = true;
            } else {
                root.removeHandler(handler);
            }
        }
        return bridged;
    }
}
