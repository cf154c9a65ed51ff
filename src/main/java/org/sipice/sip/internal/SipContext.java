package org.sipice.sip.internal;

import java.security.SecureRandom;
import java.text.ParseException;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WarningHeader;
import javax.sip.message.MessageFactory;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.internal.text.PrintableText;
import org.sipice.sip.CallConfig;

/** What every call of one user agent shares: the provider, JAIN-SIP factories, identity, config. */
final class SipContext {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The longest warn-text we send, escapes included: enough to name a problem and quote a line. */
    static final int MAX_WARNING_TEXT = 400;

    final SipProvider provider;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    final CallConfig config;
    final String user;
    final ListeningPoint listeningPoint;
    /** Where new calls take their ICE sessions from; see {@link IceSessions}. */
    final IceSessions sessions;
    /** The clock and timers of every call (RFC 3261/3262 timers, the ringing gate, event stamps). */
    final Scheduler timers;

    /** RFC 5768 §4.1: the media feature tag on every Contact we send. */
    static final String ICE_FEATURE_TAG = "+sip.ice";

    SipContext(SipProvider provider, CallConfig config, String user) {
        this(provider, config, user, SipTimers.SYSTEM);
    }

    /** As above, with the SIP layer's clock and timers ({@link SipTimers}; fake time in tests). */
    SipContext(SipProvider provider, CallConfig config, String user, Scheduler timers) {
        this.timers = java.util.Objects.requireNonNull(timers, "timers");
        this.provider = provider;
        this.config = config;
        this.user = user;
        this.listeningPoint = provider.getListeningPoints()[0];
        this.sessions = new IceSessions(config.ice());
        try {
            SipFactory factory = SipFactory.getInstance();
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException("JAIN-SIP factories unavailable", e);
        }
    }

    String host() {
        return listeningPoint.getIPAddress();
    }

    int port() {
        return listeningPoint.getPort();
    }

    String transport() {
        return listeningPoint.getTransport();
    }

    /** Our address of record as a SIP URI; a SIPS URI when we listen on TLS (RFC 5630 §3.1.3). */
    SipURI localUri() throws ParseException {
        SipURI uri = addresses.createSipURI(user, hostForUri());
        uri.setPort(port());
        uri.setSecure(isTls());
        return uri;
    }

    private boolean isTls() {
        return ListeningPoint.TLS.equalsIgnoreCase(transport());
    }

    /**
     * Our Contact: {@code ;transport=udp|tcp}, or over TLS a SIPS URI without the transport
     * parameter (RFC 5630 §3.1.3: a SIPS Request-URI needs a SIPS Contact; §3.2: transport=tls is
     * deprecated), so the peer's in-dialog requests come back over TLS too.
     */
    ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(user, hostForUri());
        uri.setPort(port());
        if (isTls()) {
            uri.setSecure(true);
        } else {
            uri.setTransportParam(transport().toLowerCase());
        }
        Address address = addresses.createAddress(uri);
        ContactHeader contact = headers.createContactHeader(address);
        // RFC 5768 §4.1: the +sip.ice media feature tag says we do ICE (a flag, no value).
        contact.setParameter(ICE_FEATURE_TAG, null);
        return contact;
    }

    /**
     * A Warning header (RFC 3261 §20.43) with code 399 (miscellaneous) naming this agent, used
     * whenever sipice rejects or fails a call so the peer learns why.
     *
     * <p>The RI writes the text between double quotes as it is, and the text often quotes the peer.
     * RFC 3261 §25.1: a quoted-string is qdtext or quoted-pairs; we send printable ASCII only, '"' as
     * an apostrophe, '§' spelt out, anything else escaped with a backslash (a quoted-pair, so the
     * header stays valid and on one line: no CR or LF can get through), at most
     * {@value #MAX_WARNING_TEXT} characters.
     */
    WarningHeader warning(String text) throws ParseException, javax.sip.InvalidArgumentException {
        return headers.createWarningHeader(host() + ":" + port(), 399, quotable(text));
    }

    /**
     * A Reason header (RFC 3326 §2: protocol SIP, the status as cause) whose text is made safe as
     * the Warning's is: it is a quoted-string too, and it often quotes the peer.
     */
    javax.sip.header.ReasonHeader reason(int cause, String text)
            throws ParseException, javax.sip.InvalidArgumentException {
        return headers.createReasonHeader("SIP", cause, quotable(text));
    }

    private static String quotable(String text) {
        return PrintableText.escapeAscii(text.replace('"', '\'').replace("§", "section "), MAX_WARNING_TEXT);
    }

    private String hostForUri() {
        String h = host();
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    static String newTag() {
        return Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    static String newBranch() {
        // RFC 3261 §8.1.1.7: the branch starts with the magic cookie z9hG4bK.
        return "z9hG4bK" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    }
}
