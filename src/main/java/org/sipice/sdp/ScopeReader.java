package org.sipice.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Interprets the lines of one scope, the session part or one media section, into the values RFC 8839
 * gives them. It throws {@link IceSdpException} for a broken mandatory attribute and records a
 * {@link SkippedLine} for what an agent must ignore; see the package documentation. It reads only:
 * the lines themselves stay with the description, untouched.
 */
final class ScopeReader {

    private final boolean mediaLevel;

    final List<SkippedLine> skipped = new ArrayList<>();
    final List<SdpAttribute> attributes = new ArrayList<>();
    String ufrag;
    LineRef ufragLine;
    String pwd;
    LineRef pwdLine;
    /** {@code null} when the scope has no usable {@code a=ice-options}. */
    List<String> iceOptions;
    Integer icePacing;
    boolean iceLite;
    boolean iceMismatch;
    boolean endOfCandidates;
    boolean rtcpMux;
    /** The address of the first {@code c=} line, or {@code null}. */
    String connectionAddress;
    final List<IceCandidate> candidates = new ArrayList<>();
    final List<RemoteCandidateRef> remoteCandidates = new ArrayList<>();
    Integer rtcpPort;
    String rtcpAddress;
    /** a=candidate lines read, skipped ones included: {@link SdpLimits#MAX_CANDIDATES_PER_MEDIA}. */
    private int candidateLines;

    private ScopeReader(boolean mediaLevel) {
        this.mediaLevel = mediaLevel;
    }

    static ScopeReader session() {
        return new ScopeReader(false);
    }

    static ScopeReader media() {
        return new ScopeReader(true);
    }

    /** Interprets {@code line}, which is line {@code number} of the body. */
    void read(int number, SdpLine line) {
        LineRef ref = new LineRef(number, line.text());
        if (line.type() == 'c') {
            readConnection(ref, line.value());
        } else if (line.type() == 'a') {
            if (line.attributeName().isEmpty()) {
                skip(ref, "attribute without a name (RFC 4566 §5.13: a=<attribute> or a=<attribute>:<value>)");
                return;
            }
            SdpAttribute attribute = line.attribute();
            if (attribute.is(AttributeNames.CANDIDATE) && ++candidateLines > SdpLimits.MAX_CANDIDATES_PER_MEDIA) {
                throw ref.error(SdpLimits.tooManyCandidates());
            }
            attributes.add(attribute);
            readAttribute(ref, attribute);
        }
    }

    /** RFC 4566 §5.7: {@code c=<nettype> <addrtype> <connection-address>}; the first one counts. */
    private void readConnection(LineRef ref, String value) {
        String[] f = fields(value);
        if (f.length != 3) {
            throw ref.error("c= line has " + f.length + " fields, needs '<nettype> <addrtype> <address>' (RFC 4566 §5.7)");
        }
        if (connectionAddress == null) {
            connectionAddress = stripMulticastSuffix(f[2]);
        }
    }

    private void readAttribute(LineRef ref, SdpAttribute a) {
        String value = a.value() == null ? "" : a.value().trim();
        switch (a.name().toLowerCase(Locale.ROOT)) {
            case AttributeNames.ICE_UFRAG -> {
                once(ref, AttributeNames.ICE_UFRAG, ufragLine);
                check(ref, IceCredentials.ufragProblem(value));
                ufrag = value;
                ufragLine = ref;
            }
            case AttributeNames.ICE_PWD -> {
                once(ref, AttributeNames.ICE_PWD, pwdLine);
                check(ref, IceCredentials.pwdProblem(value));
                pwd = value;
                pwdLine = ref;
            }
            case AttributeNames.ICE_OPTIONS -> readIceOptions(ref, value);
            case AttributeNames.ICE_PACING -> readIcePacing(ref, value);
            case AttributeNames.ICE_LITE -> {
                if (mediaLevel) {
                    skip(ref, "ice-lite is a session-level attribute (RFC 8839 §5.3)");
                } else {
                    iceLite = true;
                }
            }
            case AttributeNames.ICE_MISMATCH -> {
                if (mediaLevel) {
                    iceMismatch = true;
                } else {
                    skip(ref, "ice-mismatch is a media-level attribute (RFC 8839 §5.3)");
                }
            }
            case AttributeNames.END_OF_CANDIDATES -> endOfCandidates = true;
            case AttributeNames.CANDIDATE -> readCandidate(ref, value);
            case AttributeNames.REMOTE_CANDIDATES -> readRemoteCandidates(ref, value);
            case AttributeNames.RTCP -> readRtcp(ref, value);
            case AttributeNames.RTCP_MUX -> {
                if (mediaLevel) {
                    rtcpMux = true; // RFC 5761 §5.1.1: media level; a session-level one is just kept
                }
            }
            default -> {
                // Not ours: kept in attributes() and in the lines, never an error.
            }
        }
    }

    /** RFC 8839 §5.6: one or more ice-option-tags; unknown tags are kept, several lines add up. */
    private void readIceOptions(LineRef ref, String value) {
        String[] tags = fields(value);
        if (tags.length == 0) {
            skip(ref, "ice-options has no option tag (RFC 8839 §5.6: ice-option-tag *(SP ice-option-tag))");
            return;
        }
        if (iceOptions == null) {
            iceOptions = new ArrayList<>();
        }
        iceOptions.addAll(Arrays.asList(tags));
    }

    /** RFC 8839 §5.5: {@code pacing-value = 1*10DIGIT}, in milliseconds. */
    private void readIcePacing(LineRef ref, String value) {
        if (icePacing != null) {
            throw ref.error("ice-pacing appears twice in one scope (RFC 8839 §5.5)");
        }
        if (!IceChars.isDigits(value, 10) || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw ref.error("ice-pacing " + IceSdpException.quote(value)
                    + " is not a number of milliseconds (RFC 8839 §5.5: 1*10DIGIT)");
        }
        icePacing = Integer.valueOf(value);
    }

    private void readCandidate(LineRef ref, String value) {
        if (!mediaLevel) {
            skip(ref, "candidate is a media-level attribute (RFC 8839 §5.1)");
            return;
        }
        try {
            candidates.add(CandidateParser.parse(value));
        } catch (CandidateSkippedException e) {
            skip(ref, e.reason());
        } catch (IceSdpException e) {
            throw e.at(ref.number(), ref.text());
        }
    }

    private void readRemoteCandidates(LineRef ref, String value) {
        if (!mediaLevel) {
            skip(ref, "remote-candidates is a media-level attribute (RFC 8839 §5.2)");
            return;
        }
        try {
            remoteCandidates.addAll(RemoteCandidateRef.parseList(value));
        } catch (IceSdpException e) {
            throw e.at(ref.number(), ref.text());
        }
    }

    /** RFC 3605 §2.1: {@code a=rtcp:<port> [<nettype> <addrtype> <connection-address>]}. */
    private void readRtcp(LineRef ref, String value) {
        if (!mediaLevel) {
            return; // RFC 3605 defines it for media only; a session-level one is just kept.
        }
        if (rtcpPort != null) {
            throw ref.error("rtcp appears twice: component 2 has one default destination (RFC 8839 §3, RFC 3605)");
        }
        String[] f = fields(value);
        if ((f.length != 1 && f.length != 4) || !IceChars.isDigits(f[0], 5) || Integer.parseInt(f[0]) > 65535) {
            throw ref.error("rtcp " + IceSdpException.quote(value)
                    + " is not '<port> [<nettype> <addrtype> <address>]' (RFC 3605 §2.1)");
        }
        rtcpPort = Integer.valueOf(f[0]);
        rtcpAddress = f.length == 4 ? stripMulticastSuffix(f[3]) : null;
    }

    private void skip(LineRef ref, String reason) {
        skipped.add(new SkippedLine(ref.number(), ref.text(), reason));
    }

    private static void once(LineRef ref, String name, LineRef previous) {
        if (previous != null) {
            throw ref.error(name + " appears twice in one scope, first at line " + previous.number()
                    + " (RFC 8839 §5.4)");
        }
    }

    private static void check(LineRef ref, String problem) {
        if (problem != null) {
            throw ref.error(problem);
        }
    }

    private static String[] fields(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** RFC 4566 §5.7: an IPv4 multicast address carries {@code /ttl[/count]}, IPv6 {@code /count}. */
    private static String stripMulticastSuffix(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
