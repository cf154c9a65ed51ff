package org.sipice.sip;

import java.util.Locale;

/**
 * The transport a {@link SipEndpoint} listens and sends SIP on (RFC 3261 §18). UDP is the
 * default; TCP for large messages and networks that drop SIP over UDP; TLS (RFC 3261 §26.2.1,
 * RFC 5630) so that no one on the path reads or rewrites the signalling: RFC 8839 §9.2.2 warns
 * that ALGs rewriting the SDP break ICE, and a TLS connection keeps them out.
 */
public enum SipTransport {
    UDP, TCP, TLS;

    /** The name JAIN-SIP and the Via header use: {@code UDP}, {@code TCP}, {@code TLS}. */
    public String viaName() {
        return name();
    }

    /** The {@code transport=} URI parameter value (RFC 3261 §19.1.1): {@code udp}, {@code tcp}, {@code tls}. */
    public String uriParameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code udp}, {@code tcp} or {@code tls}, any case. */
    public static SipTransport parse(String text) {
        for (SipTransport t : values()) {
            if (t.name().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown SIP transport '" + text + "' (udp, tcp or tls)");
    }
}
