package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A whole SDP body as ICE sees it: session-level ICE attributes and one {@link IceMedia} per data
 * stream. Immutable. Obtained from {@link IceSdp#parse(String)} or {@link #builder()}; written with
 * {@link IceSdp#format(IceDescription)}, which gives back every line it was read from, in order.
 */
public final class IceDescription {

    private final List<SdpLine> sessionLines;
    private final ScopeReader session;
    private final SessionDefaults defaults;
    private final List<IceMedia> media;
    private final List<SkippedLine> skipped;

    IceDescription(List<SdpLine> sessionLines, ScopeReader session, SessionDefaults defaults, List<IceMedia> media,
            List<SkippedLine> skipped) {
        this.sessionLines = List.copyOf(sessionLines);
        this.session = session;
        this.defaults = defaults;
        this.media = List.copyOf(media);
        this.skipped = List.copyOf(skipped);
    }

    /** A builder for a new description (an offer or answer of our own). */
    public static IceDescriptionBuilder builder() {
        return new IceDescriptionBuilder();
    }

    /** A builder holding this description's lines, to edit them; untouched lines stay as they are. */
    public IceDescriptionBuilder toBuilder() {
        return new IceDescriptionBuilder(this);
    }

    List<SdpLine> sessionLines() {
        return sessionLines;
    }

    /** Every line, session part then media sections. */
    List<SdpLine> lines() {
        List<SdpLine> all = new ArrayList<>(sessionLines);
        for (IceMedia m : media) {
            all.add(new SdpLine('m', m.mLineValue()));
            all.addAll(m.lines());
        }
        return all;
    }

    /** The value of the {@code o=} line, or {@code null} if there is none. */
    public String origin() {
        return firstValue('o');
    }

    /** The value of the {@code s=} line, or {@code null} if there is none. */
    public String sessionName() {
        return firstValue('s');
    }

    /** The session-level {@code c=} address. */
    public Optional<String> connectionAddress() {
        return Optional.ofNullable(session.connectionAddress);
    }

    /** Session-level ice-ufrag and ice-pwd, when both are there (RFC 8839 §5.4). */
    public Optional<IceCredentials> sessionCredentials() {
        return defaults.ufrag() != null && defaults.pwd() != null
                ? Optional.of(new IceCredentials(defaults.ufrag(), defaults.pwd())) : Optional.empty();
    }

    /** Session-level ice-options tags in order, unknown ones included (RFC 8839 §5.6). */
    public List<String> sessionIceOptions() {
        return defaults.iceOptions();
    }

    /** Whether {@code a=ice-lite} is present: the peer is a lite implementation (RFC 8839 §5.3). */
    public boolean iceLite() {
        return session.iceLite;
    }

    /** Session-level ice-pacing in milliseconds (RFC 8839 §5.5); empty means the 50 ms default. */
    public OptionalInt sessionIcePacing() {
        return defaults.icePacing() == null ? OptionalInt.empty() : OptionalInt.of(defaults.icePacing());
    }

    /** Whether a session-level {@code a=end-of-candidates} is present (RFC 8840). */
    public boolean endOfCandidates() {
        return defaults.endOfCandidates();
    }

    /** The session-level {@code a=} lines, in order (but a nameless {@code a=} line, which is skipped). */
    public List<SdpAttribute> sessionAttributes() {
        return List.copyOf(session.attributes);
    }

    /** The media sections, in order. */
    public List<IceMedia> media() {
        return media;
    }

    /** Every line that was kept but not interpreted, in line order, with the reason. */
    public List<SkippedLine> skipped() {
        return skipped;
    }

    private String firstValue(char type) {
        for (SdpLine line : sessionLines) {
            if (line.type() == type) {
                return line.value();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IceDescription other && lines().equals(other.lines());
    }

    @Override
    public int hashCode() {
        return lines().hashCode();
    }

    /** The SDP body, CRLF line endings: the same as {@link IceSdp#format(IceDescription)}. */
    @Override
    public String toString() {
        return SdpText.join(lines());
    }
}
