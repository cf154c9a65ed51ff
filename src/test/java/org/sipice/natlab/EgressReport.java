package org.sipice.natlab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sipice.natlab.EgressPhones.Call;

/** The restricted-egress rows of docs/nat-matrix.md, as {@link RestrictedEgressMatrixTest} measured them. */
final class EgressReport {
    static final String TITLE = "Restricted egress: UDP blocked, TCP/443 only";

    /** One row's calls, or why it could not make them. */
    record Measured(EgressRow row, List<Call> calls, String error) {
        boolean matches() {
            return error == null && !calls.isEmpty()
                    && calls.stream().allMatch(c -> c.outcome() == row.predicted());
        }

        long medianSetupMs() {
            List<Long> setups = calls.stream().map(Call::setupMs).sorted().collect(Collectors.toList());
            return setups.isEmpty() ? -1 : setups.get(setups.size() / 2);
        }
    }

    private EgressReport() {
    }

    static void write(Path file, List<Measured> rows, String header) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Written by `RestrictedEgressMatrixTest` (root; in the suite). ").append(header).append("\n\n");
        md.append("A router's *egress* is what it lets out of its LAN besides SIP's ports (docs/natlab.md,\n");
        md.append("\"Restricted egress\"): `block-udp` no UDP, `tcp443-only` only TCP to port 443. Each side's\n");
        md.append("softphone has STUN and the TURN server its network reaches (`udp` 3478, `tcp` 3478 or 443,\n");
        md.append("`tls` 5349 or 443 with the lab CA's certificate; RFC 8656 §3.1). *predicted* comes from\n");
        md.append("`NatPathModel` (a side that lets no UDP out can only use its relayed candidate); every call must\n");
        md.append("end `status=ok` on both sides (RTP both ways), and a closed side's selected local candidate must\n");
        md.append("be relayed over its server's transport (`relayProtocol` in its call report). The redirect\n");
        md.append("row's server (198.51.100.1:3478, `tcp 3478` below) answers 300 Try Alternate: the side must\n");
        md.append("allocate on 203.0.113.1:3478, the server it names. In the ICE-TCP row (`sipice.ice-tcp` on both\n");
        md.append("sides) the callee is on the public network (198.51.100.1): the caller's active TCP candidate\n");
        md.append("must reach its passive one (RFC 6544), a direct pair.\n");
        md.append("*pairs* are `caller / callee` RTP pairs; *setup ms* is the caller's `setup_ms` (dial, gathering\n");
        md.append("included, to established), median first, then each call.\n\n");
        md.append("| row | router a | TURN a | router b | TURN b | predicted | got | pairs | setup ms | ok |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measured m : rows) {
            EgressRow r = m.row();
            md.append("| ").append(r.name()).append(" | ").append(EgressRow.router(r.a(), r.egressA())).append(" | ")
                    .append(turn(r.turnA())).append(" | ").append(r.publicCallee() ? "none (public callee, ICE-TCP)"
                            : EgressRow.router(r.b(), r.egressB())).append(" | ")
                    .append(turn(r.turnB())).append(" | ").append(MatrixReport.label(r.predicted())).append(" | ")
                    .append(got(m)).append(" | ").append(pairs(m)).append(" | ").append(setups(m)).append(" | ")
                    .append(m.matches() ? "yes" : "**NO**").append(" |\n");
        }
        MatrixSections.replace(file, TITLE, md.toString());
    }

    /** {@code udp 3478}, {@code tcp 443}, {@code tls 5349}: the transport and port of a row's TURN URI. */
    static String turn(String uri) {
        String port = uri.replaceAll(".*:(\\d+).*", "$1");
        return EgressRow.transport(uri) + " " + port;
    }

    private static String got(Measured m) {
        if (m.error() != null) {
            String e = m.error().replace('|', '/');
            return "error: " + (e.length() > 100 ? e.substring(0, 100) + "..." : e);
        }
        return m.calls().stream().map(c -> c.outcome() == null ? "broken: " + c.caller().getOrDefault("reason", "-")
                : c.outcome().name().toLowerCase()).distinct().collect(Collectors.joining(", "));
    }

    private static String pairs(Measured m) {
        return m.calls().stream().map(c -> pair(c.caller()) + " / " + pair(c.callee())).distinct()
                .collect(Collectors.joining("; "));
    }

    private static String pair(Map<String, String> result) {
        return result.getOrDefault("pair", "-");
    }

    private static String setups(Measured m) {
        if (m.calls().isEmpty()) {
            return "-";
        }
        return m.medianSetupMs() + " (" + m.calls().stream().map(c -> Long.toString(c.setupMs()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
