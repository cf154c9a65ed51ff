package org.sipice.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import gov.nist.javax.sip.message.SIPMessage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Await;

/** JAIN-SIP and JUL (ice4j) logging end in log4j2, with no log4j 1.x anywhere. */
class Log4j2LoggersTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            cleanups.get(i).run();
        }
    }

    @Test
    void log4j1IsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.log4j.Logger"));
    }

    @Test
    void stackLoggerAnswersFromLog4j2LevelsAndTheTraceLogger() {
        setLevel(Log4j2StackLogger.LOGGER_NAME, Level.WARN);
        setLevel(Log4j2ServerLogger.LOGGER_NAME, Level.OFF);
        Log4j2StackLogger stackLogger = new Log4j2StackLogger();

        assertTrue(stackLogger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        assertTrue(stackLogger.isLoggingEnabled(LogLevels.TRACE_WARN));
        assertFalse(stackLogger.isLoggingEnabled(LogLevels.TRACE_MESSAGES));
        assertFalse(stackLogger.isLoggingEnabled(LogLevels.TRACE_DEBUG));

        setLevel(Log4j2ServerLogger.LOGGER_NAME, Level.DEBUG);
        assertTrue(stackLogger.isLoggingEnabled(LogLevels.TRACE_MESSAGES), "trace on: 16 must be enabled");
        assertFalse(stackLogger.isLoggingEnabled(LogLevels.TRACE_DEBUG));

        stackLogger.disableLogging();
        assertFalse(stackLogger.isLoggingEnabled(LogLevels.TRACE_ERROR));
    }

    @Test
    void stackLoggerWritesToGovNistJavaxSip() {
        Recorder diagnostics = record(Log4j2StackLogger.LOGGER_NAME, Level.DEBUG);
        Log4j2StackLogger stackLogger = new Log4j2StackLogger();

        stackLogger.logWarning("w");
        stackLogger.logWarning("using default tls security policy");
        stackLogger.logInfo("i");
        stackLogger.logDebug("d");
        stackLogger.logTrace("t (below DEBUG, dropped)");

        assertEquals(List.of("WARN w", "INFO using default tls security policy", "INFO i", "DEBUG d"),
                diagnostics.lines());
    }

    @Test
    void serverLoggerWritesEachMessageAtTheConfiguredTraceLevel() throws Exception {
        Recorder trace = record(Log4j2ServerLogger.LOGGER_NAME, Level.DEBUG);
        Log4j2ServerLogger serverLogger = new Log4j2ServerLogger();
        Properties props = new Properties();
        props.setProperty(Log4j2ServerLogger.TRACE_LEVEL_PROPERTY, "INFO");
        serverLogger.setStackProperties(props);

        serverLogger.logMessage(options(), "127.0.0.1:5060", "127.0.0.1:5062", true, 0L);

        LogEvent event = trace.events().get(0);
        assertEquals(Level.INFO, event.getLevel());
        assertTrue(event.getMessage().getFormattedMessage()
                .startsWith("SIP 127.0.0.1:5060 -> 127.0.0.1:5062\nOPTIONS sip:bob@127.0.0.1:5062 SIP/2.0\r\n"));

        props.setProperty(Log4j2ServerLogger.TRACE_LEVEL_PROPERTY, "OFF");
        serverLogger.setStackProperties(props);
        serverLogger.logMessage(options(), "127.0.0.1:5060", "127.0.0.1:5062", true, 0L);
        assertEquals(1, trace.events().size(), "trace-level OFF writes nothing");
    }

    @Test
    void aliceSendsOptionsToBobAndTheTraceShowsBothMessages() throws Exception {
        // JAIN-SIP INFO off, so that only the trace logger can turn on level 16.
        setLevel("gov.nist", Level.WARN);
        Recorder trace = record(Log4j2ServerLogger.LOGGER_NAME, Level.DEBUG);
        int[] ports = freeUdpPorts(2);
        Peer alice = Peer.start("alice", ports[0]);
        cleanups.add(alice::stop);
        Peer bob = Peer.start("bob", ports[1]);
        cleanups.add(bob::stop);
        assertInstanceOf(Log4j2StackLogger.class, CommonLogger.legacyLogger);

        Response response = Await.await(alice.options(bob), DEADLINE);

        assertEquals(Response.OK, response.getStatusCode());
        String sent = "SIP 127.0.0.1:" + alice.port + " -> 127.0.0.1:" + bob.port + "\nOPTIONS sip:bob@127.0.0.1:"
                + bob.port + " SIP/2.0";
        String answered = "SIP 127.0.0.1:" + bob.port + " -> 127.0.0.1:" + alice.port + "\nSIP/2.0 200 OK";
        // Each message is traced by the stack that sends it and by the one that receives it.
        trace.await(m -> m.startsWith(sent), 2);
        trace.await(m -> m.startsWith(answered), 2);
    }

    @Test
    void julRecordsArriveInLog4j2() {
        Recorder ice4j = record("org.ice4j.test", Level.INFO);
        LoggingBridge.install();
        LoggingBridge.install();

        java.util.logging.Logger.getLogger("org.ice4j.test").info("harvest started");

        assertEquals(List.of("INFO harvest started"), ice4j.lines());
    }

    /**
     * Surefire replaces JUL's LogManager with log4j's for every test JVM; an application started
     * with plain {@code java} does not. That case runs in a child JVM.
     */
    @Test
    void withThePlainJulLogManagerTheBridgeHandlerKeepsJulOffStderr() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JulProbe.class.getName()).start();
        assertTrue(child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, child.exitValue(), err);
        assertEquals("java.util.logging.LogManager [WARN harvest failed]", out.trim());
        // JUL's SimpleFormatter prints "WARNING: <message>"; log4j2's pattern prints "WARN".
        assertFalse(err.contains("WARNING:"), err);
        assertTrue(err.contains("WARN  [main] org.ice4j.test - harvest failed"), err);
    }

    /** Child JVM of the test above. */
    static final class JulProbe {
        public static void main(String[] args) {
            Recorder recorder = new Recorder();
            recorder.start();
            ((Logger) LogManager.getLogger("org.ice4j.test")).addAppender(recorder);
            LoggingBridge.install();
            LoggingBridge.install();
            java.util.logging.Logger.getLogger("org.ice4j.test").warning("harvest failed");
            java.util.logging.Logger.getLogger("org.ice4j.test").fine("below the propagated level");
            System.out.println(java.util.logging.LogManager.getLogManager().getClass().getName() + " "
                    + recorder.lines());
        }
    }

    private void setLevel(String logger, Level level) {
        Level before = LogManager.getLogger(logger).getLevel();
        Configurator.setLevel(logger, level);
        cleanups.add(() -> Configurator.setLevel(logger, before));
    }

    private Recorder record(String loggerName, Level level) {
        setLevel(loggerName, level);
        Recorder recorder = new Recorder();
        recorder.start();
        Logger logger = (Logger) LogManager.getLogger(loggerName);
        logger.addAppender(recorder);
        cleanups.add(() -> logger.removeAppender(recorder));
        return recorder;
    }

    private static SIPMessage options() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        String text = "OPTIONS sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@127.0.0.1:5060>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1:5062>\r\n"
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SIPMessage) factory.createMessageFactory().createRequest(text);
    }

    private static int[] freeUdpPorts(int count) throws IOException {
        DatagramSocket[] sockets = new DatagramSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (DatagramSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    /** One JAIN-SIP stack on 127.0.0.1 that answers every request with 200 OK. */
    private static final class Peer implements SipListener {
        final String name;
        final int port;
        final SipStack stack;
        final SipProvider provider;
        final MessageFactory messages;
        final HeaderFactory headers;
        final AddressFactory addresses;
        final CompletableFuture<Response> response = new CompletableFuture<>();

        private Peer(String name, int port) throws Exception {
            this.name = name;
            this.port = port;
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            Properties props = new Properties();
            props.setProperty("javax.sip.STACK_NAME", name);
            props.setProperty("gov.nist.javax.sip.STACK_LOGGER", Log4j2StackLogger.class.getName());
            props.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Log4j2ServerLogger.class.getName());
            props.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
            stack = factory.createSipStack(props);
            ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
            provider = stack.createSipProvider(point);
            provider.addSipListener(this);
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
        }

        static Peer start(String name, int port) throws Exception {
            Peer peer = new Peer(name, port);
            peer.stack.start();
            return peer;
        }

        CompletableFuture<Response> options(Peer callee) throws Exception {
            SipURI to = addresses.createSipURI(callee.name, "127.0.0.1:" + callee.port);
            SipURI from = addresses.createSipURI(name, "127.0.0.1:" + port);
            Request request = messages.createRequest(to, Request.OPTIONS, provider.getNewCallId(),
                    headers.createCSeqHeader(1L, Request.OPTIONS),
                    headers.createFromHeader(addresses.createAddress(from), "t-" + name),
                    headers.createToHeader(addresses.createAddress(to), null),
                    List.of(headers.createViaHeader("127.0.0.1", port, ListeningPoint.UDP, null)),
                    headers.createMaxForwardsHeader(70));
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            transaction.sendRequest();
            return response;
        }

        void stop() {
            stack.stop();
        }

        @Override
        public void processRequest(javax.sip.RequestEvent event) {
            try {
                provider.sendResponse(messages.createResponse(Response.OK, event.getRequest()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void processResponse(javax.sip.ResponseEvent event) {
            response.complete(event.getResponse());
        }

        @Override
        public void processTimeout(javax.sip.TimeoutEvent event) {
            response.completeExceptionally(new IllegalStateException("timeout"));
        }

        @Override
        public void processIOException(javax.sip.IOExceptionEvent event) {
            response.completeExceptionally(new IOException("I/O error to " + event.getHost()));
        }

        @Override
        public void processTransactionTerminated(javax.sip.TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(javax.sip.DialogTerminatedEvent event) {
        }
    }

    /** Collects the events of the loggers it is attached to. */
    static final class Recorder extends AbstractAppender {
        private final List<LogEvent> events = new ArrayList<>();

        Recorder() {
            super("recorder", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public synchronized void append(LogEvent event) {
            events.add(event.toImmutable());
            notifyAll();
        }

        synchronized List<LogEvent> events() {
            return List.copyOf(events);
        }

        /** Each event as "LEVEL message". */
        synchronized List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (LogEvent e : events) {
                lines.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            }
            return lines;
        }

        /** Waits until {@code count} messages match, failing after the test deadline. */
        synchronized void await(Predicate<String> match, int count) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (events.stream().map(e -> e.getMessage().getFormattedMessage()).filter(match).count() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("fewer than " + count + " matching trace events in " + lines());
                }
                wait(left);
            }
        }
    }
}
