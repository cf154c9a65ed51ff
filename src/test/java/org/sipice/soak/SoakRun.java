package org.sipice.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sipice.sip.CallListener;
import org.sipice.testing.PeerProcess;
import org.sipice.testing.JvmVitals;
import org.sipice.testing.RawSipCaller;
import org.sipice.testing.ShortCall;
import org.sipice.testing.SipiceProcess;
import org.sipice.testing.TestUserAgent;

/**
 * One {@code sipice answer} process taking calls for a long time, and the callers that keep it
 * busy: short complete calls (INVITE, ICE, RTP both ways, our BYE) from an in-process sipice
 * user agent, and calls abandoned at each stage ({@link Stage}). Every {@code checkpoint}
 * RESULT lines it prints the answer process's threads, fds and heap after a full GC.
 * {@link SoakTest} runs one round of it in the suite, {@link SoakBenchmark} many.
 */
final class SoakRun implements AutoCloseable {
    /** How long a complete call may take from INVITE to the end of its BYE transaction. */
    private static final Duration CALL = Duration.ofSeconds(30);
    /**
     * The gate rings anyway after 2 s: a caller that does no ICE still gets its 200 OK, which is
     * the stage "no ACK after 200" (the default policy would end such calls with 480 instead).
     */
    static final List<String> ANSWER_ARGS = List.of("answer", "--listen", "127.0.0.1:0", "--user", "bob",
            "--hold", "0", "--calls", "1000000",
            "--set", "sipice.ringing-gate-policy=RING_ANYWAY", "--set", "sipice.ringing-gate-timeout-ms=2000");

    /** How a caller abandons a call. */
    enum Stage {
        /** A sipice caller process killed (SIGKILL) once the callee's early answer arrived. */
        KILLED_AFTER_EARLY_ANSWER,
        /** A sipice caller process killed once RTP flowed both ways: no BYE, no consent answers. */
        KILLED_AFTER_MEDIA,
        /** One INVITE from a socket closed at once: retransmissions of responses hit a closed port. */
        VANISHED_AFTER_INVITE,
        /** CANCEL after the first provisional response, before the answer (RFC 3261 §9). */
        CANCEL_BEFORE_ANSWER,
        /** A caller that gets its 200 OK and never ACKs it (RFC 3261 §13.3.1.4). */
        NO_ACK_AFTER_200,
        /** A caller that asks for 100rel and never PRACKs the reliable 183 (RFC 3262 §3). */
        NO_PRACK
    }

    private final SipiceProcess answer;
    private final String uri;
    private final TestUserAgent alice;
    private final ExecutorService workers;
    private final ExecutorService abandoners = Executors.newCachedThreadPool();
    private final ScheduledExecutorService rtp = Executors.newSingleThreadScheduledExecutor();
    private final List<RawSipCaller> silentCallers = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final long startedAt = System.nanoTime();
    private final int parallel;
    private int expectedResults;

    private SoakRun(SipiceProcess answer, String uri, TestUserAgent alice, int parallel) {
        this.answer = answer;
        this.uri = uri;
        this.alice = alice;
        this.parallel = parallel;
        this.workers = Executors.newFixedThreadPool(parallel);
    }

    /** Starts {@code sipice answer} and the in-process caller; {@code parallel} complete calls at a time. */
    static SoakRun start(int parallel) throws Exception {
        SipiceProcess answer = SipiceProcess.start(null, ANSWER_ARGS.toArray(String[]::new));
        try {
            String uri = answer.awaitListening(Duration.ofSeconds(30));
            return new SoakRun(answer, uri, TestUserAgent.start("alice", new CallListener() {
            }), parallel);
        } catch (Exception | Error e) {
            answer.close();
            throw e;
        }
    }

    long pid() {
        return answer.process().pid();
    }

    /** Runs {@code count} complete calls, {@code parallel} at a time, and waits for their RESULTs. */
    void completeCalls(int count) throws Exception {
        expectedResults += count;
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(workers.submit(this::completeCall));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /**
     * One round: {@code complete} complete calls, with {@code perStage} calls abandoned at each
     * {@link Stage} started at even intervals among them; returns once the answer process printed
     * every RESULT, sampling its vitals every {@code checkpoint} RESULT lines.
     */
    List<JvmVitals.Sample> round(int complete, int perStage, int checkpoint) throws Exception {
        int before = expectedResults;
        expectedResults += complete + perStage * Stage.values().length;
        List<Future<?>> calls = new ArrayList<>();
        Stage[] stages = Stage.values();
        int slice = complete / (stages.length + 1);
        for (int i = 0; i < complete; i++) {
            calls.add(workers.submit(this::completeCall));
            if (i % slice == slice - 1 && i / slice < stages.length) {
                Stage stage = stages[i / slice];
                calls.add(abandoners.submit(() -> abandon(stage, perStage)));
            }
        }
        List<JvmVitals.Sample> samples = new ArrayList<>();
        for (int n = (before / checkpoint + 1) * checkpoint; n <= expectedResults; n += checkpoint) {
            awaitResults(n, Duration.ofMinutes(2));
            samples.add(sample(n));
        }
        for (Future<?> f : calls) {
            f.get(2, TimeUnit.MINUTES);
        }
        awaitResults(expectedResults, Duration.ofMinutes(2));
        return samples;
    }

    /** Samples the answer process's vitals now and logs them. */
    JvmVitals.Sample sample(int results) throws Exception {
        JvmVitals.Sample v = JvmVitals.of(pid()).sample();
        say(String.format("soak: %5d calls ended  %s  (%d s)", results, v,
                (System.nanoTime() - startedAt) / 1_000_000_000));
        return v;
    }

    void say(String line) {
        System.out.println(line);
    }

    /** Every RESULT line of the answer process so far, as fields. */
    List<Map<String, String>> results() {
        List<Map<String, String>> results = new ArrayList<>();
        for (String line : answer.process().lines()) {
            if (line.startsWith("RESULT ")) {
                results.add(SipiceProcess.parseResult(line));
            }
        }
        return results;
    }

    int expectedResults() {
        return expectedResults;
    }

    /** What went wrong on the callers' side (a complete call that did not complete...). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    boolean answerAlive() {
        return answer.process().isAlive();
    }

    /** Waits for {@code n} RESULT lines; fails naming the outcomes so far (a hung call never prints one). */
    private void awaitResults(int n, Duration timeout) throws InterruptedException {
        int[] seen = {0};
        try {
            answer.process().await(l -> l.startsWith("RESULT ") && ++seen[0] >= n, timeout, n + " RESULT lines");
        } catch (AssertionError e) {
            throw new AssertionError("only " + results().size() + " of " + n + " calls ended with a RESULT line within "
                    + timeout.toSeconds() + " s; outcomes so far: " + outcomes() + "; caller errors: " + errors()
                    + (answerAlive() ? "" : "; the answer process exited"), null);
        }
    }

    /** RESULT lines by outcome: {@code ok} or the failure reason. */
    Map<String, Integer> outcomes() {
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (Map<String, String> r : results()) {
            outcomes.merge("ok".equals(r.get("status")) ? "ok" : String.valueOf(r.get("reason")), 1, Integer::sum);
        }
        return outcomes;
    }

    /** INVITE, ICE, RTP both ways until the callee's media arrives, then our BYE. */
    private void completeCall() {
        try {
            ShortCall.run(alice.ua(), uri, rtp, CALL);
        } catch (AssertionError e) {
            errors.add(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Void abandon(Stage stage, int count) throws Exception {
        switch (stage) {
            case KILLED_AFTER_EARLY_ANSWER -> killedCallers(count, "provisional ");
            case KILLED_AFTER_MEDIA -> killedCallers(count, "media ");
            default -> {
                for (int i = 0; i < count; i++) {
                    rawCall(stage);
                }
            }
        }
        return null;
    }

    /** A {@link DoomedCallers} process placing {@code count} calls, killed once each printed {@code line}. */
    private void killedCallers(int count, String line) throws Exception {
        PeerProcess doomed = PeerProcess.start("doomed callers", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DoomedCallers.class.getName(), uri, String.valueOf(count)));
        try {
            for (int n = 1; n <= count; n++) {
                String wanted = line + n;
                doomed.await(l -> l.equals(wanted), CALL, "'" + wanted + "'");
            }
            ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no goodbye
            doomed.awaitExit(Duration.ofSeconds(10));
        } catch (AssertionError e) {
            errors.add("doomed callers: " + e.getMessage());
        } finally {
            doomed.close();
        }
    }

    private void rawCall(Stage stage) throws Exception {
        RawSipCaller raw = RawSipCaller.toward(uri);
        RawSipCaller.Dialog dialog = raw.newDialog();
        // Candidates on a port where nothing answers: ICE cannot complete with this caller.
        String offer = RawSipCaller.iceOffer(9);
        switch (stage) {
            case VANISHED_AFTER_INVITE -> {
                raw.send(raw.invite(dialog, "application/sdp", offer));
                raw.close();
            }
            case CANCEL_BEFORE_ANSWER -> {
                raw.send(raw.invite(dialog, "application/sdp", offer));
                expect(raw.receiveInviteResponse(dialog, 100, CALL), 100, 199, stage);
                raw.send(raw.cancel(dialog));
                RawSipCaller.Response terminated = raw.receiveInviteResponse(dialog, 200, CALL);
                expect(terminated, 487, 487, stage);
                if (terminated != null) {
                    raw.send(raw.ackNon2xx(dialog, terminated.toTag()));
                }
                raw.close();
            }
            case NO_ACK_AFTER_200 -> {
                raw.send(raw.invite(dialog, "application/sdp", offer));
                expect(raw.receiveInviteResponse(dialog, 200, CALL), 200, 200, stage);
                keepSilent(raw);
            }
            case NO_PRACK -> {
                raw.send(raw.invite(dialog, "application/sdp", offer, "Supported: 100rel"));
                RawSipCaller.Response r = raw.receiveInviteResponse(dialog, 101, CALL);
                expect(r, 101, 199, stage);
                if (r != null && r.header("RSeq") == null) {
                    errors.add(stage + ": provisional response without RSeq: " + r.text());
                }
                keepSilent(raw);
            }
            default -> throw new IllegalArgumentException(stage.toString());
        }
    }

    /** The socket stays open (retransmissions are received, never answered) until the run ends. */
    private void keepSilent(RawSipCaller raw) {
        synchronized (silentCallers) {
            silentCallers.add(raw);
        }
    }

    private void expect(RawSipCaller.Response r, int min, int max, Stage stage) {
        if (r == null || r.status() < min || r.status() > max) {
            errors.add(stage + ": expected " + min + (min == max ? "" : "-" + max) + ", got "
                    + (r == null ? "nothing" : r.text()));
        }
    }

    /** Stops the callers and the answer process. */
    @Override
    public void close() {
        workers.shutdownNow();
        abandoners.shutdownNow();
        rtp.shutdownNow();
        synchronized (silentCallers) {
            silentCallers.forEach(RawSipCaller::close);
        }
        alice.close();
        answer.close();
    }
}
