package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallEvent;
import org.sipice.sip.SipEndpoint;
import org.sipice.thirdparty.ControlledCall;
import org.sipice.thirdparty.ControllerEvent;
import org.sipice.thirdparty.Flow;
import org.sipice.thirdparty.ThirdPartyController;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sipice controller A B [--transfer-to C]}: third-party call control (RFC 3725) from the
 * command line; prints the controller's ladder and a RESULT line.
 */
@Command(name = "controller", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Third-party call control (RFC 3725): connects party A and party B with --flow (I, III or",
            "IV; II cannot work with ICE and is refused), optionally moves A to --transfer-to after half of",
            "--hold (an offerless re-INVITE: A restarts ICE toward the new party), hangs up after --hold.",
            "The controller only signals; media flows between the parties. Ends with a RESULT line.",
            "Exit status: 0 ok, 1 the call failed, 2 bad command line or profile."})
final class ControllerCommand implements Callable<Integer> {
    private static final int SIP_PORT = 5060;
    private static final long DEADLINE_SECONDS = 30;

    @Parameters(index = "0", paramLabel = "A", description = "SIP URI of party A (called first).")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "SIP URI of party B.")
    String b;

    @Option(names = "--flow", paramLabel = "FLOW", defaultValue = "I",
            description = "RFC 3725 flow: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Flow flow;

    @Option(names = "--transfer-to", paramLabel = "URI", description = "Move A to this party halfway through.")
    String transferTo;

    @Option(names = "--listen", paramLabel = "IP[:PORT]", required = true,
            description = "Where the controller listens for SIP (UDP); a local address, not a wildcard.")
    String listen;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "4",
            description = "Hang up this long after the parties are connected. Default: ${DEFAULT-VALUE}.")
    double holdSeconds;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        common.applyTrace();
        SipProfile profile;
        InetSocketAddress address;
        try {
            if (flow == Flow.II) {
                // Refused before any message, with the reason (see Flow.II).
                throw new IllegalArgumentException("--flow II: RFC 3725 Flow II cannot work with ICE (RFC 8839 §7.5):"
                        + " both parties would be answerers and nobody concludes ICE; use I, III or IV");
            }
            if (holdSeconds < 0) {
                throw new IllegalArgumentException("--hold must not be negative");
            }
            profile = common.loadProfile("softphone");
            PhoneOptions where = new PhoneOptions();
            where.listen = listen;
            address = where.listenAddress(new InetSocketAddress(SIP_PORT));
        } catch (ProfileException | IllegalArgumentException | IOException e) {
            return CallCommand.usage(out, e);
        }
        long holdMillis = Math.round(holdSeconds * 1000);
        try (SipEndpoint sip = SipEndpoint.start("sipice-controller-" + ProcessHandle.current().pid(),
                profile.stackProperties(), address.getAddress(), address.getPort());
                ThirdPartyController controller = ThirdPartyController.builder(sip.provider())
                        .listener(event -> print(out, event)).start()) {
            out.println("controller " + sip.uri("controller") + ": connecting " + a + " and " + b + " (Flow " + flow
                    + ")");
            ControlledCall call = controller.connect(a, b, flow);
            ResultLine result;
            try {
                call.connected().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                result = ResultLine.ok().put("flow", flow);
                if (transferTo != null) {
                    Thread.sleep(holdMillis / 2); // the conversation before the transfer, not synchronisation
                    call.transfer(transferTo).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                    result.put("transferred_to", transferTo);
                    Thread.sleep(holdMillis - holdMillis / 2);
                } else {
                    Thread.sleep(holdMillis); // the conversation's length, not synchronisation
                }
                call.hangup();
            } catch (ExecutionException e) {
                result = ResultLine.failed(e.getCause().getMessage());
            } catch (TimeoutException e) {
                call.hangup();
                result = ResultLine.failed("timeout");
            }
            ControllerEvent.Ended ended = call.ended().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            result.put("ended", ended.reason());
            out.println(result);
            return result.isOk() ? ExitCode.OK : ExitCode.CALL_FAILED;
        }
    }

    private static synchronized void print(PrintStream out, ControllerEvent event) {
        if (event instanceof ControllerEvent.SipMessage m) {
            out.println("controller " + (m.message().direction() == CallEvent.Direction.SENT ? "-> " : "<- ")
                    + m.party() + "  " + m.message().describe());
        } else if (event instanceof ControllerEvent.Connected c) {
            out.println("controller: " + c.a() + " and " + c.b() + " connected (Flow " + c.flow() + ") in "
                    + c.took().toMillis() + " ms");
        } else if (event instanceof ControllerEvent.Transferred t) {
            out.println("controller: A moved from " + t.from() + " to " + t.to() + " in " + t.took().toMillis() + " ms");
        } else if (event instanceof ControllerEvent.Ended e) {
            out.println("controller: ended (" + e.reason() + ")" + (e.failure() ? " FAILED" : ""));
        }
        out.flush();
    }
}
