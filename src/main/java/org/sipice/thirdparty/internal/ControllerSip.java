package org.sipice.thirdparty.internal;

import java.text.ParseException;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** What every leg of a controller shares: the provider, the JAIN-SIP factories, our identity. */
public final class ControllerSip {
    final SipProvider provider;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    final String user;
    private final ListeningPoint listeningPoint;

    public ControllerSip(SipProvider provider, String user) {
        this.provider = provider;
        this.user = user;
        this.listeningPoint = provider.getListeningPoints()[0];
        try {
            SipFactory factory = SipFactory.getInstance();
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException("JAIN-SIP factories unavailable", e);
        }
    }

    /** Our IP address: where the black hole points (nothing listens on its discard ports). */
    public String host() {
        return listeningPoint.getIPAddress();
    }

    int port() {
        return listeningPoint.getPort();
    }

    String transport() {
        return listeningPoint.getTransport();
    }

    SipURI localUri() throws ParseException {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        SipURI uri = addresses.createSipURI(user, h);
        uri.setPort(port());
        return uri;
    }

    ContactHeader contact() throws ParseException {
        return headers.createContactHeader(addresses.createAddress(localUri()));
    }
}
