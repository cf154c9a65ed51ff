package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the value of an {@code a=candidate} line (RFC 8839 §5.1). It decides what is broken (an
 * {@link IceSdpException}) and what must merely be ignored (a {@link CandidateSkippedException}).
 *
 * <p>Order of the decisions: first the shape every candidate has whatever its transport (eight
 * fields, {@code typ} in seventh place), which is strict; then whether this agent can use the
 * candidate at all (transport, type, address), which skips; only then the fields of a candidate it
 * can use, which are strict again. A candidate that will be ignored anyway never fails the SDP.
 */
final class CandidateParser {

    private static final int MANDATORY_FIELDS = 8;

    private CandidateParser() {
    }

    static IceCandidate parse(String value) {
        String text = value.trim();
        if (text.startsWith("a=")) {
            text = text.substring(2);
        }
        if (text.regionMatches(true, 0, "candidate:", 0, "candidate:".length())) {
            text = text.substring("candidate:".length());
        }
        String[] f = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        if (f.length < MANDATORY_FIELDS) {
            throw new IceSdpException("candidate has " + f.length + " fields, needs at least " + MANDATORY_FIELDS
                    + ": foundation component-id transport priority address port typ cand-type (RFC 8839 §5.1)");
        }
        if (!f[6].equalsIgnoreCase("typ")) {
            throw new IceSdpException("candidate has " + IceSdpException.quote(f[6])
                    + " where 'typ' must be (RFC 8839 §5.1)");
        }

        // Can this agent use it at all? If not, ignore it (RFC 8839 §5.1).
        String transport = f[2];
        if (!transport.equalsIgnoreCase("UDP") && !transport.equalsIgnoreCase("TCP")) {
            throw new CandidateSkippedException("unsupported transport " + IceSdpException.quote(transport)
                    + ": RFC 8839 §5.1 defines UDP, RFC 6544 TCP");
        }
        Optional<CandidateType> type = CandidateType.fromSdp(f[7]);
        if (type.isEmpty()) {
            throw new CandidateSkippedException("unknown candidate type " + IceSdpException.quote("typ " + f[7])
                    + ": RFC 8839 §5.1 defines host, srflx, prflx and relay");
        }
        String address = f[4];
        if (Addresses.classify(address) == Addresses.Kind.UNRECOGNISED) {
            throw new CandidateSkippedException("unrecognised address " + IceSdpException.quote(address)
                    + ": RFC 8839 §5.1 says to ignore candidates whose address version is not recognised");
        }

        IceCandidate.Builder b = IceCandidate.builder()
                .foundation(f[0])
                .componentId((int) number("component-id", f[1], 3))
                .transport(transport)
                .priority(number("priority", f[3], 10))
                .address(address)
                .port((int) number("port", f[5], 5))
                .type(type.get());
        readPairs(f, b);
        return b.build();
    }

    /** The pairs after {@code cand-type}: raddr, rport, tcptype and extensions. */
    private static void readPairs(String[] f, IceCandidate.Builder b) {
        int rest = f.length - MANDATORY_FIELDS;
        if (rest % 2 != 0) {
            throw new CandidateSkippedException("malformed extension: " + IceSdpException.quote(f[f.length - 1])
                    + " has no value (RFC 8839 §5.1 cand-extension = name SP value)");
        }
        boolean raddr = false;
        boolean rport = false;
        boolean tcptype = false;
        List<String[]> extensions = new ArrayList<>();
        for (int i = MANDATORY_FIELDS; i < f.length; i += 2) {
            String name = f[i];
            String value = f[i + 1];
            switch (name.toLowerCase(Locale.ROOT)) {
                case "raddr" -> {
                    raddr = once("raddr", raddr);
                    b.relatedAddress(value);
                }
                case "rport" -> {
                    rport = once("rport", rport);
                    b.relatedPort((int) number("rport", value, 5));
                }
                case "tcptype" -> {
                    tcptype = once("tcptype", tcptype);
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (!IceCandidate.TCP_TYPES.contains(lower)) {
                        throw new CandidateSkippedException("unknown tcptype " + IceSdpException.quote(value)
                                + ": RFC 6544 §4.5 defines active, passive and so");
                    }
                    b.tcpType(lower);
                }
                default -> {
                    if (!IceChars.isToken(name) || !IceChars.isVisible(value)) {
                        throw new CandidateSkippedException("malformed extension "
                                + IceSdpException.quote(name + " " + value)
                                + ": name must be a token, value 1*VCHAR (RFC 8839 §5.1)");
                    }
                    extensions.add(new String[] {name, value});
                }
            }
        }
        for (String[] e : extensions) {
            b.extension(e[0], e[1]);
        }
    }

    private static boolean once(String name, boolean seen) {
        if (seen) {
            throw new CandidateSkippedException("malformed candidate: " + IceSdpException.quote(name)
                    + " appears twice");
        }
        return true;
    }

    /** {@code 1*maxDigits DIGIT}; the record checks the range. */
    private static long number(String what, String text, int maxDigits) {
        if (!IceChars.isDigits(text, maxDigits)) {
            throw new IceSdpException(what + " " + IceSdpException.quote(text) + " is not 1*" + maxDigits
                    + "DIGIT (RFC 8839 §5.1)");
        }
        return Long.parseLong(text);
    }
}
