package org.sipice.natlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sipice.natlab.LabPhones.CallOutcome;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab.NatType;

/** docs/nat-matrix.md: the connectivity matrix as measured, next to its prediction. */
final class MatrixReport {

    /** One cell: two router types, the calls made and what was predicted. */
    record Cell(NatType a, NatType b, Outcome predictedStun, CallOutcome stun, Outcome predictedTurn,
            CallOutcome turn, String error) {
        boolean matches() {
            return error == null && stun != null && turn != null && stun.outcome() != null
                    && turn.outcome() != null && predictedStun.allows(stun.outcome())
                    && predictedTurn.allows(turn.outcome());
        }
    }

    private MatrixReport() {
    }

    static void write(Path file, List<Cell> cells, String header) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# NAT connectivity matrix\n\n");
        md.append("Written by `NatMatrixTest` (`mvn test -Dtest=NatMatrixTest`, root). Do not edit by hand.\n\n");
        md.append(header).append("\n\n");
        md.append("A cell is a pair of router behaviours (RFC 4787 mapping/filtering; a pair and its mirror share a\n");
        md.append("cell). Each cell makes one real sipice call from LAN a to LAN b with STUN only and one with\n");
        md.append("STUN+TURN on both sides. *predicted* comes from `NatPathModel` (RFC 4787 NATs + RFC 8445\n");
        md.append("checks): direct = a host/srflx/prflx pair, relay = a pair with a relayed candidate, failed = a\n");
        md.append("clean ICE failure (480 + Warning after the checks timeout); `direct|failed` and `direct|relay`\n");
        md.append("mark the race cells where either is correct. *pair* is `caller pair / callee pair`\n");
        md.append("(`local-remote` candidate types); *ms* is the caller's setup time (INVITE to established) or,\n");
        md.append("for a failure, the time the caller saw the call end.\n\n");
        md.append("| router a | router b | STUN predicted | STUN got | pair | ms | TURN predicted | TURN got | pair | ms |"
                + " ok |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            md.append("| ").append(c.a()).append(" | ").append(c.b()).append(" | ")
                    .append(label(c.predictedStun())).append(" | ").append(got(c.stun(), c.error())).append(" | ")
                    .append(pairs(c.stun())).append(" | ").append(ms(c.stun())).append(" | ")
                    .append(label(c.predictedTurn())).append(" | ").append(got(c.turn(), c.error())).append(" | ")
                    .append(pairs(c.turn())).append(" | ").append(ms(c.turn())).append(" | ")
                    .append(c.matches() ? "yes" : "**NO**").append(" |\n");
        }
        // The sections other tests own (the restricted-egress rows, their figures) stay.
        md.append(MatrixSections.of(file));
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
    }

    static String label(Outcome o) {
        return switch (o) {
            case DIRECT_OR_RELAY -> "direct\\|relay";
            case DIRECT_OR_FAILED -> "direct\\|failed";
            default -> o.name().toLowerCase();
        };
    }

    private static String got(CallOutcome c, String error) {
        if (c == null) {
            return error == null ? "not run" : "error";
        }
        if (c.outcome() == null) {
            String reason = c.reason().replace('|', '/');
            return "broken: " + (reason.length() > 80 ? reason.substring(0, 80) + "..." : reason);
        }
        return c.outcome().name().toLowerCase();
    }

    private static String pairs(CallOutcome c) {
        return c == null || c.outcome() == null ? "-" : c.pairs();
    }

    private static String ms(CallOutcome c) {
        return c == null ? "-" : Long.toString(c.setupMs());
    }
}
