package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.sipice.b2bua.B2bua;
import org.sipice.b2bua.B2buaConfig;
import org.sipice.ice.IceSessionPool;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.sip.SipEndpoint;
import org.sipice.sip.SipTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sipice b2bua --listen IP:PORT --to URI}: a media-anchoring B2BUA that sends every call to
 * one destination, printing both legs' ladders and a RESULT line per bridged call.
 */
@Command(name = "b2bua", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A back-to-back user agent on --listen that sends every incoming call to --to: a new",
            "ICE session per leg (its own ufrag/pwd and candidates), the outgoing leg gathering as soon as",
            "the INVITE arrives, 180 to the caller once both legs are ICE-ready, RTP/RTCP relayed between",
            "the legs. Each call ends with a RESULT line; only bridged calls count toward --calls.",
            "Exit status: 0 all calls ok, 1 a call failed, 2 bad command line or profile,",
            "3 the calls did not all end before --wait."})
final class B2buaCommand implements Callable<Integer> {
    private static final int SIP_PORT = 5060;

    @Mixin
    PhoneOptions phone;

    @Mixin
    CommonOptions common;

    @Option(names = "--to", paramLabel = "URI", required = true,
            description = "Where every call goes, e.g. sip:bob@192.0.2.7:5060.")
    String destination;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "1",
            description = "How many calls to bridge before exiting. Default: ${DEFAULT-VALUE}.")
    int calls;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Give up (exit 3) when the calls have not all ended by then; 0 waits forever. "
                    + "Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Option(names = "--ringing", paramLabel = "WHEN", defaultValue = "BOTH_LEGS",
            description = "When the caller hears 180: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    B2buaConfig.RingingWaitsFor ringing;

    @Option(names = "--sequential", description = "Start the outgoing leg only after the incoming leg's answer "
            + "(to measure what gathering on the INVITE saves).")
    boolean sequential;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "0",
            description = "ICE sessions gathered in advance for the legs (0: none). Default: ${DEFAULT-VALUE}.")
    int poolSize;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        common.applyTrace();
        SipProfile profile;
        CallConfig config;
        InetSocketAddress listen;
        long maxGap;
        try {
            if (phone.listen == null) {
                throw new IllegalArgumentException("b2bua needs --listen IP[:PORT]");
            }
            if (calls < 1 || poolSize < 0) {
                throw new IllegalArgumentException("--calls must be at least 1 and --pool not negative");
            }
            if (!destination.startsWith("sip:") && !destination.startsWith("sips:")) {
                throw new IllegalArgumentException("--to " + destination + ": expected a SIP URI (sip:user@host:port)");
            }
            SipTransport asked = SipTarget.requested(SipTarget.parse(destination));
            profile = common.loadProfile("softphone", phone.profileKeys());
            if ((asked != null && asked != SipTransport.UDP) || profile.sipTransport() != SipTransport.UDP) {
                throw new SipTarget.Unsupported("the b2bua listens and calls over UDP only; --to " + destination
                        + " and sipice.sip-transport=" + profile.sipTransport().uriParameter() + " ask for "
                        + (asked != null && asked != SipTransport.UDP ? asked : profile.sipTransport()));
            }
            listen = phone.listenAddress(new InetSocketAddress(SIP_PORT));
            config = phone.callConfig(profile, listen.getAddress());
            maxGap = phone.maxMediaGap();
        } catch (ProfileException | IllegalArgumentException | IOException | ParseException e) {
            return CallCommand.usage(out, e);
        }
        B2buaConfig b2buaConfig = B2buaConfig.builder().ringingWaitsFor(ringing)
                .outgoingLegStart(sequential ? B2buaConfig.OutgoingLegStart.AFTER_INCOMING_ANSWER
                        : B2buaConfig.OutgoingLegStart.ON_INVITE).build();
        BlockingQueue<ResultLine> finished = new LinkedBlockingQueue<>();
        try (SipEndpoint sip = SipEndpoint.start("sipice-b2bua-" + ProcessHandle.current().pid(),
                profile.stackProperties(), listen.getAddress(), listen.getPort());
                IceSessionPool pool = poolSize > 0 ? IceSessionPool.create(config.ice(), poolSize) : null;
                B2bua b2bua = B2bua.builder(sip.provider(), invite -> Optional.of(destination)).user(phone.user)
                        .callConfig(config).config(b2buaConfig).pool(pool)
                        .listener(new B2buaPrinter(out, finished, maxGap)).start()) {
            out.println("listening on " + sip.uri(phone.user) + " for " + calls + " call(s) to " + destination
                    + " (profile " + profile.name() + ", " + b2buaConfig + ")");
            out.flush();
            long deadline = waitSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + waitSeconds * 1_000_000_000L;
            int ok = 0;
            for (int taken = 0; taken < calls; taken++) {
                long left = deadline - System.nanoTime();
                ResultLine line = finished.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
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
