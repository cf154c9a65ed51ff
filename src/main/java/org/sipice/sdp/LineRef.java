package org.sipice.sdp;

/**
 * Where a value came from, so that a later error (e.g. an ice-ufrag whose ice-pwd never came) can
 * still name the line.
 *
 * @param number the 1-based line number
 * @param text   the line text
 */
record LineRef(int number, String text) {

    IceSdpException error(String reason) {
        return new IceSdpException(number, text, reason);
    }
}
