package org.sipice.sip.internal;

import java.util.Optional;
import java.util.regex.Pattern;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.TransportAddr;

/**
 * The answerer's ICE mismatch check (RFC 8839 §4.2.5; RFC 5245 §5.1): an offer whose default
 * destination ({@code c=}/{@code m=}, {@code a=rtcp}) is not among its own candidates went
 * through something that rewrote the SDP (an ALG or SBC, RFC 8839 §9.2.2). We take the RFC's
 * second option: answer {@code a=ice-mismatch} with no other ICE attribute and run the stream as
 * plain RFC 3264 ({@link PlainAnswer}). Not a mismatch (RFC 8839 §4.2.5): the {@code 0.0.0.0}/{@code ::}
 * port 9 placeholder of an agent without candidates yet, and an FQDN default; nor is a legacy
 * {@code c=0.0.0.0} hold (RFC 3264 §8.4) on any port. Pure.
 */
final class IceMismatch {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private IceMismatch() {
    }

    /** Why the offer's first audio stream is an ICE mismatch, or empty if it is not one. */
    static Optional<String> check(IceDescription offer) {
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        if (audio == null || audio.candidates().isEmpty() || audio.credentials().isEmpty()) {
            return Optional.empty(); // no ICE offered: nothing to mismatch
        }
        for (int component = 1; component <= 2; component++) {
            Optional<TransportAddr> destination = audio.defaultCandidate(component);
            if (destination.isEmpty() || audio.candidates(component).isEmpty()) {
                continue; // rtcp-mux, or a one-component offer
            }
            TransportAddr d = destination.get();
            if (d.isPlaceholder() || !isIpLiteral(d.address())) {
                continue; // RFC 8839 §4.2.5: 0.0.0.0:9 and FQDN defaults are not a mismatch
            }
            if (d.address().equals("0.0.0.0") || d.address().equals("::")) {
                continue; // RFC 3264 §8.4 legacy hold (any port): no ALG wrote that, and no restart either
            }
            boolean listed = audio.candidates(component).stream().anyMatch(c -> c.transportAddr().equals(d));
            if (!listed) {
                return Optional.of("ICE mismatch: component " + component + "'s default destination " + d
                        + " is not among the offer's candidates (an ALG rewrote c=/m=?); answered a=ice-mismatch, "
                        + "RFC 8839 §4.2.5");
            }
        }
        return Optional.empty();
    }

    private static boolean isIpLiteral(String address) {
        return address.indexOf(':') >= 0 || IPV4.matcher(address).matches();
    }
}
