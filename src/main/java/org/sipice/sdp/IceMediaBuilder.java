package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an {@link IceMedia}, from scratch ({@link IceMedia#builder()}) or by editing one
 * ({@link IceMedia#toBuilder()}).
 *
 * <p>Each typed setter owns the lines of its kind: it replaces all of them, written afresh, where
 * the first one was; lines no setter touches stay exactly as they were. Kinds that had no line yet
 * are written after every other attribute, in this order: rtcp, rtcp-mux, ice-mismatch, ice-ufrag,
 * ice-pwd, ice-options, ice-pacing, candidates, remote-candidates, end-of-candidates. A {@code c=}
 * line goes before {@code b=} and {@code a=} (RFC 4566 §5). {@link #build()} reads the result back
 * with the parser, so a built section is exactly what parsing its text gives.
 */
public final class IceMediaBuilder {

    private static final String MEDIA_TYPE_ORDER = "icbka";

    private final SectionEditor editor;
    private final SessionDefaults session;
    private final String originalMLine;
    private boolean mLineChanged;
    private String mediaType;
    private int port;
    private int portCount = 1;
    private String protocol;
    private List<String> formats = List.of();
    private final List<IceCandidate> candidates = new ArrayList<>();

    IceMediaBuilder() {
        this.editor = new SectionEditor(List.of(), MEDIA_TYPE_ORDER, AttributeNames.MEDIA_ORDER);
        this.session = SessionDefaults.NONE;
        this.originalMLine = null;
        this.mLineChanged = true;
    }

    IceMediaBuilder(IceMedia media) {
        this.editor = new SectionEditor(media.lines(), MEDIA_TYPE_ORDER, AttributeNames.MEDIA_ORDER);
        this.session = media.sessionDefaults();
        this.originalMLine = media.mLineValue();
        MediaLine m = media.mediaLine();
        this.mediaType = m.mediaType();
        this.port = m.port();
        this.portCount = m.portCount();
        this.protocol = m.protocol();
        this.formats = m.formats();
        this.candidates.addAll(media.candidates());
    }

    /** The media type of the m= line, e.g. {@code audio}. */
    public IceMediaBuilder mediaType(String mediaType) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        mLineChanged = true;
        return this;
    }

    /** The port of the m= line: the default candidate's port for component 1 (RFC 8839 §4.2.1.2). */
    public IceMediaBuilder port(int port) {
        this.port = port;
        mLineChanged = true;
        return this;
    }

    /** The {@code /<number of ports>} of the m= line; 1 (the default) writes none. */
    public IceMediaBuilder portCount(int portCount) {
        this.portCount = portCount;
        mLineChanged = true;
        return this;
    }

    /** The transport protocol of the m= line, e.g. {@code RTP/AVP}. */
    public IceMediaBuilder protocol(String protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        mLineChanged = true;
        return this;
    }

    /** The formats of the m= line, at least one. */
    public IceMediaBuilder formats(List<String> formats) {
        this.formats = List.copyOf(formats);
        mLineChanged = true;
        return this;
    }

    /** The section's {@code c=IN <addrType> <address>}: with the m= port, the default candidate (RFC 8839 §4.2.1.2). */
    public IceMediaBuilder connection(String addrType, String address) {
        editor.setLines('c', List.of("IN " + addrType + " " + address));
        return this;
    }

    /** The section's {@code c=} line, IP4 or IP6 chosen by the address. */
    public IceMediaBuilder connection(String address) {
        return connection(address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    /** Removes the section's {@code c=} line, leaving the session's in effect. */
    public IceMediaBuilder removeConnection() {
        editor.setLines('c', List.of());
        return this;
    }

    /** Adds a {@code b=} line, e.g. {@code RS:0}. */
    public IceMediaBuilder bandwidth(String value) {
        editor.addLine(new SdpLine('b', value));
        return this;
    }

    /** Appends {@code a=name:value}, or {@code a=name} when {@code value} is null. */
    public IceMediaBuilder attribute(String name, String value) {
        editor.addLine(SdpLine.attribute(name, value));
        return this;
    }

    /** Removes every {@code a=name} line. */
    public IceMediaBuilder removeAttribute(String name) {
        editor.removeAttribute(name);
        return this;
    }

    /** Media-level ice-ufrag and ice-pwd, which override the session's (RFC 8839 §5.4); null removes them. */
    public IceMediaBuilder credentials(IceCredentials credentials) {
        editor.setAttribute(AttributeNames.ICE_UFRAG, credentials == null ? List.of() : List.of(credentials.ufrag()));
        editor.setAttribute(AttributeNames.ICE_PWD, credentials == null ? List.of() : List.of(credentials.pwd()));
        return this;
    }

    /** Media-level {@code a=ice-options}, one line; an empty list removes it (RFC 8839 §5.6). */
    public IceMediaBuilder iceOptions(List<String> tags) {
        editor.setAttribute(AttributeNames.ICE_OPTIONS, tags.isEmpty() ? List.of() : List.of(String.join(" ", tags)));
        return this;
    }

    /** Media-level {@code a=ice-pacing} in milliseconds (RFC 8839 §5.5 puts it at session level; prefer that). */
    public IceMediaBuilder icePacing(int milliseconds) {
        if (milliseconds < 0) {
            throw new IceSdpException("ice-pacing " + milliseconds + " is negative (RFC 8839 §5.5)");
        }
        editor.setAttribute(AttributeNames.ICE_PACING, List.of(Integer.toString(milliseconds)));
        return this;
    }

    /** Removes {@code a=ice-pacing}. */
    public IceMediaBuilder removeIcePacing() {
        editor.setAttribute(AttributeNames.ICE_PACING, List.of());
        return this;
    }

    /** Replaces every {@code a=candidate} line, skipped ones included, by these candidates in order. */
    public IceMediaBuilder candidates(List<IceCandidate> candidates) {
        this.candidates.clear();
        this.candidates.addAll(candidates);
        return writeCandidates();
    }

    /** Appends a candidate to the usable ones (rewriting the candidate lines, skipped ones dropped). */
    public IceMediaBuilder addCandidate(IceCandidate candidate) {
        this.candidates.add(Objects.requireNonNull(candidate, "candidate"));
        return writeCandidates();
    }

    private IceMediaBuilder writeCandidates() {
        List<String> values = new ArrayList<>();
        for (IceCandidate c : candidates) {
            values.add(c.toSdpValue());
        }
        editor.setAttribute(AttributeNames.CANDIDATE, values);
        return this;
    }

    /** One {@code a=remote-candidates} line listing these entries; an empty list removes it (RFC 8839 §5.2). */
    public IceMediaBuilder remoteCandidates(List<RemoteCandidateRef> refs) {
        editor.setAttribute(AttributeNames.REMOTE_CANDIDATES,
                refs.isEmpty() ? List.of() : List.of(RemoteCandidateRef.formatList(refs)));
        return this;
    }

    /** Adds or removes {@code a=end-of-candidates} (RFC 8840). */
    public IceMediaBuilder endOfCandidates(boolean present) {
        return flag(AttributeNames.END_OF_CANDIDATES, present);
    }

    /** Adds or removes {@code a=ice-mismatch} (RFC 8839 §5.3; answers only). */
    public IceMediaBuilder iceMismatch(boolean present) {
        return flag(AttributeNames.ICE_MISMATCH, present);
    }

    /** Adds or removes {@code a=rtcp-mux} (RFC 5761). */
    public IceMediaBuilder rtcpMux(boolean present) {
        return flag(AttributeNames.RTCP_MUX, present);
    }

    /** {@code a=rtcp:<port>}: component 2's default port, at the {@code c=} address (RFC 3605). */
    public IceMediaBuilder rtcp(int port) {
        editor.setAttribute(AttributeNames.RTCP, List.of(Integer.toString(port)));
        return this;
    }

    /**
     * {@code a=rtcp:<port> IN IP4 <address>}: component 2's default destination (RFC 3605). The
     * address may be given bare ({@code 10.0.0.1}) or in full ({@code IN IP4 10.0.0.1}).
     */
    public IceMediaBuilder rtcp(int port, String address) {
        String where = address.trim().indexOf(' ') >= 0 ? address.trim()
                : "IN " + (address.indexOf(':') >= 0 ? "IP6 " : "IP4 ") + address.trim();
        editor.setAttribute(AttributeNames.RTCP, List.of(port + " " + where));
        return this;
    }

    /** Removes {@code a=rtcp}: component 2 is then at the m= port plus one (RFC 8839 §3). */
    public IceMediaBuilder removeRtcp() {
        editor.setAttribute(AttributeNames.RTCP, List.of());
        return this;
    }

    private IceMediaBuilder flag(String name, boolean present) {
        List<String> values = new ArrayList<>();
        if (present) {
            values.add(null);
        }
        editor.setAttribute(name, values);
        return this;
    }

    /**
     * The media section, numbered as if its m= line were line 1.
     *
     * @throws IllegalStateException if the m= line lacks its media type, protocol or formats
     * @throws IceSdpException       if the lines break a rule the parser enforces
     */
    public IceMedia build() {
        String mLine = originalMLine;
        if (mLineChanged) {
            if (mediaType == null || protocol == null || formats.isEmpty()) {
                throw new IllegalStateException("an m= line needs a media type, a protocol and at least one format"
                        + " (RFC 4566 §5.14)");
            }
            mLine = new MediaLine(mediaType, port, portCount, protocol, formats).format();
        }
        return IceMedia.interpret(mLine, editor.result(), 1, session);
    }
}
