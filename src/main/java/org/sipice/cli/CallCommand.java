package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.address.SipURI;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.sip.SipTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sipice call SIP-URI}: places one ICE call, plays a tone, hangs up, prints RESULT. */
@Command(name = "call", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Calls SIP-URI with ICE: prints the ladder, sends a 440 Hz PCMU tone once the call is",
            "established and ICE has a pair, counts the RTP it receives, hangs up after --hold seconds",
            "(or when the peer does) and ends with a RESULT line.",
            "Progress goes to stderr; the ladder and the RESULT line to stdout.",
            "Exit status: 0 call ok, 1 call failed (a refused TLS certificate too), 2 bad command line,",
            "profile, WAV or TLS file."})
final class CallCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SIP-URI", description = "Whom to call, e.g. sip:bob@10.0.0.7:5060.")
    String target;

    @Mixin
    PhoneOptions phone;

    @Mixin
    CommonOptions common;

    @Mixin
    AudioOptions audioOptions;

    @Option(names = "--ring-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "CANCEL the call if it is not answered by then. Default: ${DEFAULT-VALUE}.")
    int ringTimeoutSeconds;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        common.applyTrace();
        SipProfile profile;
        CallConfig config;
        InetSocketAddress listen;
        AudioSource audio;
        long maxGap;
        SipTransport transport;
        String dial;
        Progress progress = Progress.onStderr();
        try {
            profile = common.loadProfile("softphone", phone.profileKeys());
            SipURI uri = SipTarget.parse(target);
            transport = SipTarget.transportFor(uri, profile.sipTransport(),
                    phone.transport != null || profile.sipTransport() != SipTransport.UDP);
            dial = SipTarget.over(uri, transport);
            if (transport == SipTransport.TLS) {
                TlsFiles.check(profile.sipTls());
            }
            listen = phone.listenAddress(new InetSocketAddress(localAddressToward(target), 0));
            config = phone.callConfig(profile, listen.getAddress());
            maxGap = phone.maxMediaGap();
            audio = audioOptions.audio();
        } catch (ProfileException | IllegalArgumentException | IOException | ParseException e) {
            return usage(out, e);
        }
        progress.say("starting the SIP stack and ICE (profile " + profile.name() + ")");
        try (Softphone softphone = Softphone.start(profile, transport, config, listen, phone.user, phone.hold(),
                Duration.ZERO, 0, audio, out).saveReportsIn(phone.reportDir)
                .maxMediaGap(maxGap)) {
            out.println("sipice calls " + dial + " from " + softphone.uri(phone.user) + " (profile "
                    + profile.name() + ", " + config + ")");
            out.println();
            PhoneCall call = softphone.call(dial);
            progress.say("calling " + dial + ": waiting for an answer (" + ringTimeoutSeconds + " s at most)");
            try {
                call.call().established().get(ringTimeoutSeconds, TimeUnit.SECONDS);
                progress.say("established: " + (phone.holdSeconds > 0 ? "hanging up in " + phone.holdSeconds
                        + " s" : "waiting for the peer's BYE"));
            } catch (TimeoutException e) {
                out.println("no answer within " + ringTimeoutSeconds + " s: hanging up");
                call.hangup();
            } catch (ExecutionException e) {
                // The call ended before it was established; its RESULT line says why.
            }
            long endDeadline = (long) phone.holdSeconds + ringTimeoutSeconds + 40;
            // The finished queue, not call.result(): a line reaches it once the call's report is
            // saved, and the process must not exit while --report is still writing it.
            ResultLine line = softphone.finished().poll(endDeadline, TimeUnit.SECONDS);
            if (line == null) {
                out.println(ResultLine.failed("call_did_not_end_within_" + endDeadline + "_s"));
                return ExitCode.CALL_FAILED;
            }
            return line.isOk() ? ExitCode.OK : ExitCode.CALL_FAILED;
        } catch (Exception e) {
            e.printStackTrace();
            out.println(ResultLine.failed(e.getClass().getSimpleName() + ":" + e.getMessage()));
            return ExitCode.CALL_FAILED;
        }
    }

    static int usage(PrintStream out, Exception e) {
        out.println("sipice: " + e.getMessage());
        String reason = e instanceof ProfileException ? "bad_profile"
                : e instanceof SipTarget.Unsupported ? "unsupported_transport"
                : e instanceof TlsFiles.Unusable ? "bad_tls_file"
                : e.getMessage() != null && e.getMessage().startsWith("--wav ") ? "bad_wav" : "bad_option";
        out.println(ResultLine.failed(reason));
        return ExitCode.USAGE;
    }

    /**
     * The local address the kernel routes toward the target's host (a connected UDP socket sends
     * nothing), so that {@code call} works without {@code --listen}.
     */
    static InetAddress localAddressToward(String target) throws IOException, ParseException {
        SipURI sip = SipTarget.parse(target);
        int port = sip.getPort() > 0 ? sip.getPort() : 5060;
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(sip.getHost()), port));
            return s.getLocalAddress();
        }
    }
}
