package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code a=candidate} (RFC 8839 §5.1):
 * {@code foundation component-id transport priority connection-address port typ cand-type
 * [raddr a] [rport p] *(extension-name extension-value)}.
 *
 * <p>{@code tcptype} (RFC 6544 §4.5) has its own field; every other extension pair, such as
 * {@code generation}, {@code network-id} or {@code network-cost}, is kept in {@link #extensions()} in
 * the order written, so that it survives a round trip (RFC 8839 §5.1: an agent MUST ignore the pairs
 * it does not understand, not drop them from what it forwards).
 *
 * @param foundation     1*32ice-char
 * @param componentId    1..256; 1 is RTP, 2 is RTCP
 * @param transport      as written, e.g. {@code UDP} or {@code udp}; see {@link #isUdp()}, {@link #isTcp()}
 * @param priority       1..2^31-1 (RFC 8445 §5.1.2)
 * @param address        IPv4, IPv6 or a host name (see {@link #isFqdn()})
 * @param port           0..65535
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress {@code raddr}, or {@code null}
 * @param relatedPort    {@code rport}, or {@code null}
 * @param tcpType        {@code active}, {@code passive} or {@code so} (RFC 6544 §4.5), or {@code null}
 * @param extensions     the other name/value pairs, in order
 */
public record IceCandidate(String foundation, int componentId, String transport, long priority, String address,
        int port, CandidateType type, String relatedAddress, Integer relatedPort, String tcpType,
        List<Extension> extensions) {

    /** RFC 8445 §5.1.2.1: the priority is a positive 32-bit integer below 2^31. */
    public static final long MAX_PRIORITY = (1L << 31) - 1;
    /** RFC 8839 §5.1: component-id is between 1 and 256 inclusive. */
    public static final int MAX_COMPONENT_ID = 256;
    /** RFC 6544 §4.5: the three TCP candidate types. */
    public static final List<String> TCP_TYPES = List.of("active", "passive", "so");

    /**
     * One extension pair of a candidate line (RFC 8839 §5.1 {@code cand-extension}).
     *
     * @param name  an RFC 3261 token, e.g. {@code generation}
     * @param value one or more visible characters, e.g. {@code 0}
     */
    public record Extension(String name, String value) {

        /** Checks the name is a token and the value is made of visible characters. */
        public Extension {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!IceChars.isToken(name)) {
                throw new IceSdpException("candidate extension name " + IceSdpException.quote(name)
                        + " is not a token (RFC 8839 §5.1)");
            }
            if (!IceChars.isVisible(value)) {
                throw new IceSdpException("candidate extension " + IceSdpException.quote(name) + " has value "
                        + IceSdpException.quote(value) + ", not 1*VCHAR (RFC 8839 §5.1)");
            }
        }
    }

    /** Checks every field against RFC 8839 §5.1; throws {@link IceSdpException} naming the field. */
    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        String problem = IceChars.problem("foundation", foundation, 1, 32, "RFC 8839 §5.1");
        if (problem != null) {
            throw new IceSdpException(problem);
        }
        if (componentId < 1 || componentId > MAX_COMPONENT_ID) {
            throw new IceSdpException("component-id " + componentId + " is outside 1..256 (RFC 8839 §5.1)");
        }
        if (!IceChars.isToken(transport)) {
            throw new IceSdpException("transport " + IceSdpException.quote(transport)
                    + " is not a token (RFC 8839 §5.1)");
        }
        if (priority < 1 || priority > MAX_PRIORITY) {
            throw new IceSdpException("priority " + priority + " is outside 1..2^31-1 (RFC 8839 §5.1)");
        }
        if (address.isEmpty() || !IceChars.isVisible(address)) {
            throw new IceSdpException("address " + IceSdpException.quote(address)
                    + " is not a connection-address (RFC 8839 §5.1)");
        }
        checkPort("port", port);
        if (relatedPort != null) {
            checkPort("rport", relatedPort);
        }
        if (relatedAddress != null && !IceChars.isVisible(relatedAddress)) {
            throw new IceSdpException("raddr " + IceSdpException.quote(relatedAddress)
                    + " is not a connection-address (RFC 8839 §5.1)");
        }
        if (tcpType != null && !TCP_TYPES.contains(tcpType)) {
            throw new IceSdpException("tcptype " + IceSdpException.quote(tcpType)
                    + " is not active, passive or so (RFC 6544 §4.5)");
        }
    }

    /**
     * Reads the value of an {@code a=candidate} line: the text after {@code candidate:}. A leading
     * {@code a=} and {@code candidate:} are accepted too, as in a trickle-ice-sdpfrag body.
     *
     * @throws CandidateSkippedException for a candidate an agent must ignore: unknown transport or
     *                                   type, unrecognised address, malformed extension (RFC 8839 §5.1)
     * @throws IceSdpException           for a broken candidate: missing fields, no {@code typ}, bad
     *                                   foundation, component-id, priority, port or rport
     */
    public static IceCandidate parse(String value) {
        return CandidateParser.parse(value);
    }

    /** The value of the {@code a=candidate} line, the mirror of {@link #parse(String)}. */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder();
        sb.append(foundation).append(' ').append(componentId).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.sdpName());
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType);
        }
        for (Extension e : extensions) {
            sb.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return sb.toString();
    }

    /** This candidate's transport address. */
    public TransportAddr transportAddr() {
        return new TransportAddr(address, port);
    }

    /** Whether the transport is UDP, the only transport RFC 8839 defines (case-insensitive). */
    public boolean isUdp() {
        return transport.equalsIgnoreCase("UDP");
    }

    /** Whether the transport is TCP (RFC 6544). */
    public boolean isTcp() {
        return transport.equalsIgnoreCase("TCP");
    }

    /** Whether the address is an IPv6 literal: RFC 8839 §5.1 tells them apart by the colon. */
    public boolean isIpv6() {
        return address.indexOf(':') >= 0;
    }

    /**
     * Whether the address is a host name rather than an IP literal. RFC 8839 §5.1: an agent MUST NOT
     * generate such candidates and MUST ignore received ones unless an extension says how to resolve
     * them; the codec keeps them so the ICE agent can decide.
     */
    public boolean isFqdn() {
        return Addresses.classify(address) == Addresses.Kind.FQDN;
    }

    /** Whether the address is a multicast DNS {@code .local} name (draft-ietf-mmusic-mdns-ice-candidates); implies {@link #isFqdn()}. */
    public boolean isMdns() {
        return Addresses.isMdns(address);
    }

    /** The value of the first extension called {@code name} (case-insensitive), or {@code null}. */
    public String extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equalsIgnoreCase(name)) {
                return e.value();
            }
        }
        return null;
    }

    /** A builder holding this candidate's fields, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder().foundation(foundation).componentId(componentId).transport(transport)
                .priority(priority).address(address).port(port).type(type).relatedAddress(relatedAddress)
                .relatedPort(relatedPort).tcpType(tcpType);
        b.extensions.addAll(extensions);
        return b;
    }

    /** A builder with transport UDP and nothing else set. */
    public static Builder builder() {
        return new Builder();
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IceSdpException(what + " " + port + " is outside 0..65535 (RFC 4566 §5.14)");
        }
    }

    /** Builds an {@link IceCandidate}; {@link #build()} runs the record's checks. */
    public static final class Builder {
        private String foundation;
        private int componentId = 1;
        private String transport = "UDP";
        private long priority;
        private String address;
        private int port;
        private CandidateType type = CandidateType.HOST;
        private String relatedAddress;
        private Integer relatedPort;
        private String tcpType;
        private final List<Extension> extensions = new ArrayList<>();

        private Builder() {
        }

        /** 1*32ice-char. */
        public Builder foundation(String foundation) {
            this.foundation = foundation;
            return this;
        }

        /** 1 for RTP, 2 for RTCP; default 1. */
        public Builder componentId(int componentId) {
            this.componentId = componentId;
            return this;
        }

        /** Default {@code UDP}. */
        public Builder transport(String transport) {
            this.transport = transport;
            return this;
        }

        /** 1..2^31-1, computed by RFC 8445 §5.1.2. */
        public Builder priority(long priority) {
            this.priority = priority;
            return this;
        }

        /** The candidate's IP address. */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** The candidate's port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default {@link CandidateType#HOST}. */
        public Builder type(CandidateType type) {
            this.type = type;
            return this;
        }

        /** {@code raddr}, or {@code null} for none. */
        public Builder relatedAddress(String relatedAddress) {
            this.relatedAddress = relatedAddress;
            return this;
        }

        /** {@code rport}, or {@code null} for none. */
        public Builder relatedPort(Integer relatedPort) {
            this.relatedPort = relatedPort;
            return this;
        }

        /** {@code raddr} and {@code rport} together. */
        public Builder related(String address, int port) {
            return relatedAddress(address).relatedPort(port);
        }

        /** {@code active}, {@code passive} or {@code so}; lower-cased. */
        public Builder tcpType(String tcpType) {
            this.tcpType = tcpType == null ? null : tcpType.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Appends an extension pair, e.g. {@code generation 0}. */
        public Builder extension(String name, String value) {
            extensions.add(new Extension(name, value));
            return this;
        }

        /** Removes every extension pair. */
        public Builder clearExtensions() {
            extensions.clear();
            return this;
        }

        /** The candidate; throws {@link IceSdpException} if a field breaks RFC 8839 §5.1. */
        public IceCandidate build() {
            return new IceCandidate(foundation, componentId, transport, priority, address, port, type,
                    relatedAddress, relatedPort, tcpType, extensions);
        }
    }
}
