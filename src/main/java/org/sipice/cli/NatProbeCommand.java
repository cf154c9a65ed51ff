package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sipice.ice.StunServer;
import org.sipice.natprobe.NatBehaviour;
import org.sipice.natprobe.NatProbe;
import org.sipice.natprobe.NatProbeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sipice nat-probe --stun HOST:PORT}: RFC 5780 NAT behaviour discovery, ends with RESULT. */
@Command(name = "nat-probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Discovers the NAT in front of this host with a STUN server that supports RFC 5780",
            "(OTHER-ADDRESS, CHANGE-REQUEST; e.g. coturn with two listening addresses): mapping and filtering",
            "behaviour in RFC 4787 terms, hairpinning, and a binding-lifetime estimate bounded by",
            "--lifetime-max. Ends with a RESULT line (mapping=eim|adm|apdm|none|unknown,",
            "filtering=eif|adf|apdf|unknown, hairpinning=yes|no|-, lifetime=...).",
            "Exit status: 0 mapping and filtering known, 1 something unknown (see the notes), 2 bad options."})
final class NatProbeCommand implements Callable<Integer> {

    @Option(names = "--stun", required = true, paramLabel = "HOST:PORT",
            description = "The STUN server's primary address (port 3478 when omitted).")
    String stun;

    @Option(names = "--local", paramLabel = "IP", description = "Bind the probe's sockets to this address. "
            + "Default: any (the kernel's choice toward the server).")
    String local;

    @Option(names = "--wait", paramLabel = "MS", defaultValue = "1000",
            description = "How long a test waits for an answer the NAT may block. Default: ${DEFAULT-VALUE}.")
    long waitMillis;

    @Option(names = "--rto", paramLabel = "MS", defaultValue = "100",
            description = "First STUN retransmission timeout, doubled each time (RFC 8489 §6.2.1). "
                    + "Default: ${DEFAULT-VALUE}.")
    long rtoMillis;

    @Option(names = "--lifetime-max", paramLabel = "SECONDS", defaultValue = "8",
            description = "Longest binding lifetime to try (1, 2, 4, ... s up to this); 0 skips the test. "
                    + "Default: ${DEFAULT-VALUE}.")
    int lifetimeMaxSeconds;

    @Option(names = "--no-hairpinning", description = "Skip the hairpinning test.")
    boolean noHairpinning;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        NatProbe.Options options;
        try {
            if (lifetimeMaxSeconds < 0 || lifetimeMaxSeconds > 600) {
                throw new IllegalArgumentException("--lifetime-max must be 0-600 seconds");
            }
            InetSocketAddress server = StunServer.parse(stun).address();
            InetAddress bind = local == null ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(local);
            options = new NatProbe.Options(server, bind, Duration.ofMillis(rtoMillis), Duration.ofMillis(waitMillis),
                    Duration.ofSeconds(lifetimeMaxSeconds), !noHairpinning);
        } catch (IllegalArgumentException | IOException e) {
            out.println("sipice: " + e.getMessage());
            out.println(ResultLine.failed("bad_option"));
            return ExitCode.USAGE;
        }
        out.println("sipice nat-probe: STUN server " + options.server().getAddress().getHostAddress() + ":"
                + options.server().getPort() + (lifetimeMaxSeconds > 0 ? ", binding lifetime up to "
                + lifetimeMaxSeconds + " s" : ""));
        NatProbeResult r;
        try {
            r = NatProbe.run(options);
        } catch (Exception e) {
            out.println(ResultLine.failed(e.getClass().getSimpleName() + ":" + e.getMessage()));
            return ExitCode.CALL_FAILED;
        }
        out.println("  local address  " + r.local());
        out.println("  mapped address " + r.mapped().map(Object::toString).orElse("-"));
        out.println("  other address  " + r.otherAddress().map(Object::toString).orElse("- (no RFC 5780)"));
        out.println("  mapping        " + r.mapping().description());
        out.println("  filtering      " + r.filtering().description());
        out.println("  hairpinning    " + r.hairpinning().map(h -> h ? "yes" : "no").orElse("not tested"));
        out.println("  lifetime       " + r.lifetime().map(NatProbeResult.Lifetime::label).orElse("not measured"));
        r.notes().forEach(n -> out.println("  note: " + n));
        return report(out, r);
    }

    private static int report(PrintStream out, NatProbeResult r) {
        boolean known = r.mapping() != NatBehaviour.Mapping.UNKNOWN
                && r.filtering() != NatBehaviour.Filtering.UNKNOWN;
        ResultLine line = known ? ResultLine.ok()
                : ResultLine.failed(r.reachedServer() ? "behaviour_unknown" : "no_stun_response");
        line.put("mapping", r.mapping().label()).put("filtering", r.filtering().label())
                .put("hairpinning", r.hairpinning().map(h -> h ? "yes" : "no").orElse("-"))
                .put("lifetime", r.lifetime().map(NatProbeResult.Lifetime::label).orElse("-"))
                .put("mapped", r.mapped().map(m -> m.getAddress().getHostAddress() + ":" + m.getPort()).orElse("-"))
                .put("probe_ms", r.took().toMillis());
        out.println(line);
        return known ? ExitCode.OK : ExitCode.CALL_FAILED;
    }
}
