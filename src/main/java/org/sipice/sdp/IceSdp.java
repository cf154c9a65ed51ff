package org.sipice.sdp;

/**
 * Parses and formats SDP bodies carrying ICE (RFC 8839). Pure: no sockets, no name resolution.
 *
 * <pre>{@code
 * IceDescription offer = IceSdp.parse(body);           // strict on broken mandatory attributes
 * offer.skipped();                                     // what was ignored, with reasons
 * String text = IceSdp.format(offer);                  // the same lines, CRLF
 * }</pre>
 *
 * See the package documentation for what is an error and what is skipped.
 */
public final class IceSdp {

    private IceSdp() {
    }

    /**
     * Reads an SDP body. Lines may end with CRLF or LF.
     *
     * @throws IceSdpException naming the line, for a malformed line, m= or c= line, or a broken
     *                         mandatory ICE attribute; naming the limit, for a body above one of
     *                         the {@link SdpLimits}
     */
    public static IceDescription parse(String sdp) {
        if (SdpLimits.bodyTooLarge(sdp)) {
            throw SdpLimits.bodyError(); // before reading a single line
        }
        return SdpReader.read(SdpText.split(sdp));
    }

    /** Writes a description: every line, in order, each ended by CRLF. */
    public static String format(IceDescription description) {
        return SdpText.join(description.lines());
    }
}
