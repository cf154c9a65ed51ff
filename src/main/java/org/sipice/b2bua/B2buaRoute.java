package org.sipice.b2bua;

import java.util.Optional;
import javax.sip.message.Request;

/**
 * Where a B2BUA sends an incoming call: from the INVITE (Request-URI, From, To, any header) to
 * the SIP URI of the outgoing leg, such as {@code sip:bob@192.0.2.7:5060}. Empty: no route, the
 * caller gets {@link B2buaConfig#noRouteStatus()}. Called once per incoming INVITE, on that call's
 * executor; it must not block.
 */
@FunctionalInterface
public interface B2buaRoute {

    Optional<String> destination(Request invite);

    /** Every call to the same destination. */
    static B2buaRoute to(String destination) {
        return invite -> Optional.of(destination);
    }
}
