package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.sip.SipTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sipice answer --listen IP:PORT}: takes calls, answers after the ringing gate, prints RESULT. */
@Command(name = "answer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Waits for calls on --listen and takes --calls of them: ICE answer early, 180 Ringing",
            "once ICE has a pair (the ringing gate), 200 OK, a 440 Hz PCMU tone while it counts the RTP it",
            "receives, BYE after --hold seconds (or the peer's). Each call ends with a RESULT line.",
            "A call counts toward --calls once established (200 OK and ACK); INVITEs refused or failed",
            "before (malformed, ICE failed, cancelled, no ACK) print their RESULT line but do not count.",
            "Progress goes to stderr; the ladder and the RESULT lines to stdout.",
            "Exit status: 0 all calls taken ok, 1 a call taken failed, 2 bad command line, profile or",
            "WAV or TLS file, 3 the calls did not all end before --wait."})
final class AnswerCommand implements Callable<Integer> {
    /** The usual SIP port, and the one of SIPS over TLS (RFC 3261 §19.1.2). */
    private static final int SIP_PORT = 5060;
    private static final int SIPS_PORT = 5061;

    @Mixin
    PhoneOptions phone;

    @Mixin
    CommonOptions common;

    @Mixin
    AudioOptions audioOptions;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "1",
            description = "How many calls to take (established: 200 OK and ACK) before exiting; more at the same "
                    + "time get 486. "
                    + "Default: ${DEFAULT-VALUE}.")
    int calls;

    @Option(names = "--ring", paramLabel = "MS", defaultValue = "0",
            description = "How long the phone rings after the gate opened before it answers. Default: ${DEFAULT-VALUE}.")
    int ringMillis;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Give up (exit 3) when the calls have not all ended by then; 0 waits forever. "
                    + "Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        common.applyTrace();
        SipProfile profile;
        CallConfig config;
        InetSocketAddress listen;
        AudioSource audio;
        long maxGap;
        Progress progress = Progress.onStderr();
        try {
            if (phone.listen == null) {
                throw new IllegalArgumentException("answer needs --listen IP[:PORT]");
            }
            if (calls < 1) {
                throw new IllegalArgumentException("--calls must be at least 1");
            }
            profile = common.loadProfile("softphone", phone.profileKeys());
            if (profile.sipTransport() == SipTransport.TLS) {
                TlsFiles.check(profile.sipTls());
            }
            listen = phone.listenAddress(new InetSocketAddress(
                    profile.sipTransport() == SipTransport.TLS ? SIPS_PORT : SIP_PORT));
            config = phone.callConfig(profile, listen.getAddress());
            maxGap = phone.maxMediaGap();
            audio = audioOptions.audio();
        } catch (ProfileException | IllegalArgumentException | IOException e) {
            return CallCommand.usage(out, e);
        }
        progress.say("starting the SIP stack and ICE (profile " + profile.name() + ")");
        try (Softphone softphone = Softphone.start(profile, profile.sipTransport(), config, listen, phone.user,
                phone.hold(), Duration.ofMillis(ringMillis), calls, audio, out).saveReportsIn(phone.reportDir)
                .maxMediaGap(maxGap)) {
            softphone.tlsFingerprintLine().ifPresent(out::println);
            // Scripts and tests wait for this line before they call.
            out.println("listening on " + softphone.uri(phone.user) + " for " + calls + " call(s) (profile "
                    + profile.name() + ", " + config + ")");
            out.flush();
            long deadline = waitSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + waitSeconds * 1_000_000_000L;
            int ok = 0;
            for (int taken = 0; taken < calls; taken++) {
                progress.say("waiting for call " + (taken + 1) + " of " + calls + " to end"
                        + (waitSeconds == 0 ? "" : " (--wait " + waitSeconds + " s in all)"));
                long left = deadline - System.nanoTime();
                ResultLine line = softphone.finished().poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (line == null) {
                    out.println(ResultLine.failed("wait_expired").put("calls_ended", taken).put("calls_wanted",
                            calls));
                    return ExitCode.NO_CALL;
                }
                ok += line.isOk() ? 1 : 0;
            }
            return ok == calls ? ExitCode.OK : ExitCode.CALL_FAILED;
        } catch (Exception e) {
            e.printStackTrace();
            out.println(ResultLine.failed(e.getClass().getSimpleName() + ":" + e.getMessage()));
            return ExitCode.CALL_FAILED;
        }
    }
}
