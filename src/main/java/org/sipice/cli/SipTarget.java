package org.sipice.cli;

import java.text.ParseException;
import java.util.Locale;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.sipice.sip.SipTransport;

/**
 * What {@code sipice call} and {@code sipice b2bua --to} accept as a destination, and the
 * transport it asks for: a {@code sips:} URI or {@code ;transport=tls} asks for TLS all the way
 * (RFC 3261 §19.1.4, §26.2.2, RFC 5630 §3), {@code ;transport=tcp} for TCP, anything else is UDP
 * unless {@code --transport} says otherwise. A transport sipice has no listening point for is
 * refused with {@link Unsupported} rather than sent over another behind the user's back; a
 * secure URI is never downgraded.
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
     * @throws IllegalArgumentException if it is not a {@code sip:} or {@code sips:} URI
     * @throws Unsupported if it asks for a transport other than UDP, TCP or TLS
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
        requested(sip);
        return sip;
    }

    /** The transport the URI itself asks for, or null when it names none (a plain {@code sip:} URI). */
    static SipTransport requested(SipURI uri) {
        String transport = uri.getTransportParam() == null ? null : uri.getTransportParam().toLowerCase(Locale.ROOT);
        if (uri.isSecure() || "tls".equals(transport)) {
            return SipTransport.TLS;
        }
        if (transport == null) {
            return null;
        }
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new Unsupported(uri + ": transport=" + transport + " is not supported; sipice sends SIP over UDP, "
                    + "TCP or TLS");
        }
        return SipTransport.parse(transport);
    }

    /**
     * The transport to call {@code uri} over: what it asks for, else {@code configured}.
     *
     * @param explicit whether {@code configured} came from {@code --transport} or the profile's
     *     {@code sipice.sip-transport} rather than the default
     * @throws Unsupported if the URI asks for TLS and {@code configured} was explicitly something
     *     else (no downgrade), or for another transport than an explicit one
     */
    static SipTransport transportFor(SipURI uri, SipTransport configured, boolean explicit) {
        SipTransport asked = requested(uri);
        if (asked == null || asked == configured) {
            return configured;
        }
        if (explicit) {
            throw new Unsupported(uri + " asks for " + asked + " but the transport is " + configured
                    + (asked == SipTransport.TLS ? "; a secure URI is never called over an insecure transport" : ""));
        }
        return asked;
    }

    /**
     * {@code uri} as it is called over {@code transport}: a {@code sips:} URI for TLS (RFC 5630
     * §3.1.3; its default port is 5061), {@code ;transport=tcp} for TCP, unchanged for UDP.
     */
    static String over(SipURI uri, SipTransport transport) {
        SipURI copy = (SipURI) uri.clone();
        try {
            if (transport == SipTransport.TLS) {
                copy.setSecure(true);
                copy.removeParameter("transport"); // RFC 5630 §3.2: transport=tls is deprecated
            } else if (transport == SipTransport.TCP) {
                copy.setTransportParam("tcp");
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return copy.toString();
    }
}
