package org.sipice.cli;

import java.text.ParseException;
import java.util.Locale;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * What {@code sipice call} and {@code sipice b2bua --to} accept as a destination: a {@code sip:}
 * URI reached over UDP, the only transport sipice listens on. A {@code sips:} URI or
 * {@code ;transport=tls} asks for TLS all the way (RFC 3261 §19.1.4, §26.2.2) and anything but
 * UDP needs a listening point we do not have: refused with {@link Unsupported} rather than sent
 * over UDP behind the user's back.
 */
final class SipTarget {
    private SipTarget() {
    }

    /** A transport sipice cannot use: the command exits 2 with {@code reason=unsupported_transport}. */
    static final class Unsupported extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * @throws ParseException if {@code target} is not a URI
     * @throws IllegalArgumentException if it is not a {@code sip:} URI
     * @throws Unsupported if it asks for TLS or any transport but UDP
     */
    static SipURI parse(String target) throws ParseException {
        URI uri;
        try {
            uri = SipFactory.getInstance().createAddressFactory().createURI(target);
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
        if (!(uri instanceof SipURI)) {
            throw new IllegalArgumentException(target + " is not a sip: URI");
        }
        SipURI sip = (SipURI) uri;
        String transport = sip.getTransportParam() == null ? "udp" : sip.getTransportParam().toLowerCase(Locale.ROOT);
        if (sip.isSecure() || transport.equals("tls")) {
            throw new Unsupported(target + ": SIP over TLS (sips: or ;transport=tls) is not supported yet; "
                    + "sipice sends SIP over UDP only and will not downgrade a secure URI");
        }
        if (!transport.equals("udp")) {
            throw new Unsupported(target + ": transport=" + transport + " is not supported; sipice sends SIP over "
                    + "UDP only");
        }
        return sip;
    }
}
