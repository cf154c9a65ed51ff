package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One entry of {@code a=remote-candidates} (RFC 8839 §5.2): the remote candidate the controlling
 * agent selected for a component, {@code component-id SP connection-address SP port}.
 *
 * @param componentId 1..256
 * @param address     the remote candidate's address
 * @param port        the remote candidate's port
 */
public record RemoteCandidateRef(int componentId, String address, int port) {

    /** Checks the component and port ranges. */
    public RemoteCandidateRef {
        Objects.requireNonNull(address, "address");
        if (componentId < 1 || componentId > IceCandidate.MAX_COMPONENT_ID) {
            throw new IceSdpException("remote-candidates component-id " + componentId
                    + " is outside 1..256 (RFC 8839 §5.2)");
        }
        if (port < 0 || port > 65535) {
            throw new IceSdpException("remote-candidates port " + port + " is outside 0..65535 (RFC 8839 §5.2)");
        }
        if (!IceChars.isVisible(address)) {
            throw new IceSdpException("remote-candidates address " + IceSdpException.quote(address)
                    + " is not a connection-address");
        }
    }

    /**
     * Reads the value of an {@code a=remote-candidates} line: one or more triples. Strict, because
     * the list says which pairs the answer must use (RFC 8839 §4.4.2): a half-read list is unusable.
     *
     * @throws IceSdpException if the value is not a whole number of well-formed triples
     */
    public static List<RemoteCandidateRef> parseList(String value) {
        String text = value == null ? "" : value.trim();
        String[] f = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (f.length == 0 || f.length % 3 != 0) {
            throw new IceSdpException("remote-candidates has " + f.length
                    + " fields, must be one or more 'component-id address port' triples (RFC 8839 §5.2)");
        }
        List<RemoteCandidateRef> refs = new ArrayList<>();
        for (int i = 0; i < f.length; i += 3) {
            if (!IceChars.isDigits(f[i], 3) || !IceChars.isDigits(f[i + 2], 5)) {
                throw new IceSdpException("remote-candidates entry "
                        + IceSdpException.quote(f[i] + " " + f[i + 1] + " " + f[i + 2])
                        + " is not 'component-id address port' (RFC 8839 §5.2)");
            }
            refs.add(new RemoteCandidateRef(Integer.parseInt(f[i]), f[i + 1], Integer.parseInt(f[i + 2])));
        }
        return List.copyOf(refs);
    }

    /** The value of one {@code a=remote-candidates} line listing {@code refs}, in order. */
    public static String formatList(List<RemoteCandidateRef> refs) {
        return refs.stream().map(RemoteCandidateRef::toSdpValue).collect(Collectors.joining(" "));
    }

    /** {@code component-id address port}. */
    public String toSdpValue() {
        return componentId + " " + address + " " + port;
    }

    /** This entry's transport address. */
    public TransportAddr transportAddr() {
        return new TransportAddr(address, port);
    }
}
