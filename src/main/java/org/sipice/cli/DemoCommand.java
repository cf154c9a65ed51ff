package org.sipice.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sipice demo}: a whole ICE call between two user agents in this process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Alice calls Bob on loopback: ICE answer in 100 Trying and a reliable 183,",
            "connectivity checks before 180 Ringing, RTP both ways on the selected pair, BYE.",
            "Ends with a RESULT line.",
            "The ICE options (--nomination, --ta, --turn, --relay-only...) are those of call and answer.",
            "Exit status: 0 the call worked, 1 it failed, 2 bad command line or profile."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    IceOptions ice;

    @Option(names = "--transport", paramLabel = "udp|tcp|tls",
            description = "SIP transport between Alice and Bob (sipice.sip-transport). Default: the profile's (udp). "
                    + "Over TLS Bob makes a self-signed certificate and Alice pins its fingerprint.")
    String transport;

    @Option(names = "--packets", defaultValue = "" + Demo.DEFAULT_PACKETS,
            description = "RTP packets sent each way (20 ms apart). Default: ${DEFAULT-VALUE}.")
    int packets;

    @Option(names = "--ring-ms", defaultValue = "" + Demo.DEFAULT_RING_MS,
            description = "How long Bob's phone rings before he answers. Default: ${DEFAULT-VALUE}.")
    int ringMillis;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Save both call reports there: alice.json, alice.html, bob.json, bob.html.")
    Path reportDir;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        common.applyTrace();
        SipProfile profile;
        try {
            List<String> keys = new ArrayList<>(ice.profileKeys());
            if (transport != null) {
                keys.add("sipice.sip-transport=" + transport);
            }
            profile = common.loadProfile("loopback-demo", keys);
        } catch (ProfileException e) {
            out.println("sipice: " + e.getMessage());
            out.println(ResultLine.failed("bad_profile"));
            out.flush();
            return ExitCode.USAGE;
        } catch (IllegalArgumentException e) { // the TURN password (TurnPassword)
            int code = CallCommand.usage(out, e);
            out.flush();
            return code;
        }
        ResultLine result;
        try {
            result = Demo.run(profile, packets, ringMillis, out, reportDir);
        } catch (Exception e) {
            e.printStackTrace();
            result = ResultLine.failed(e.getClass().getSimpleName() + ":" + e.getMessage());
        }
        out.println(result);
        out.flush();
        return result.isOk() ? ExitCode.OK : ExitCode.CALL_FAILED;
    }
}
