package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One media section ({@code m=} and the lines up to the next {@code m=}): one ICE data stream
 * (RFC 8839 §4.2.1.1). Immutable.
 *
 * <p>It keeps its lines exactly as written; the accessors interpret them. Accessors called
 * "effective" in their documentation fall back on the session level, as RFC 8839 §5.4 and §5.6 say;
 * the {@code media...} variants return the media level alone. A section taken from an
 * {@link IceDescription} knows its session; one built on its own with {@link #builder()} has none
 * until it is added to a description.
 */
public final class IceMedia {

    private final String mLineValue;
    private final List<SdpLine> lines;
    private final SessionDefaults session;
    private final MediaLine mediaLine;
    private final ScopeReader scope;
    private final Optional<IceCredentials> credentials;

    private IceMedia(String mLineValue, List<SdpLine> lines, SessionDefaults session, MediaLine mediaLine,
            ScopeReader scope, Optional<IceCredentials> credentials) {
        this.mLineValue = mLineValue;
        this.lines = lines;
        this.session = session;
        this.mediaLine = mediaLine;
        this.scope = scope;
        this.credentials = credentials;
    }

    /**
     * Interprets a media section whose {@code m=} line is line {@code mLineNumber} of the body.
     *
     * @throws IceSdpException for a broken m= line or mandatory ICE attribute
     */
    static IceMedia interpret(String mLineValue, List<SdpLine> lines, int mLineNumber, SessionDefaults session) {
        MediaLine mediaLine = MediaLine.parse(mLineValue, mLineNumber);
        ScopeReader scope = ScopeReader.media();
        for (int i = 0; i < lines.size(); i++) {
            scope.read(mLineNumber + 1 + i, lines.get(i));
        }
        return new IceMedia(mLineValue, List.copyOf(lines), session, mediaLine, scope,
                effectiveCredentials(scope, session, mLineNumber, mediaLine.mediaType()));
    }

    /**
     * RFC 8839 §5.4: each of ice-ufrag and ice-pwd is taken from the media level, else the session
     * level, and every data stream MUST end up with both.
     */
    private static Optional<IceCredentials> effectiveCredentials(ScopeReader scope, SessionDefaults session,
            int mLineNumber, String mediaType) {
        String ufrag = scope.ufrag != null ? scope.ufrag : session.ufrag();
        LineRef ufragLine = scope.ufrag != null ? scope.ufragLine : session.ufragLine();
        String pwd = scope.pwd != null ? scope.pwd : session.pwd();
        LineRef pwdLine = scope.pwd != null ? scope.pwdLine : session.pwdLine();
        String where = "the " + mediaType + " stream of line " + mLineNumber;
        if (ufrag != null && pwd == null) {
            throw ufragLine.error("ice-ufrag without ice-pwd for " + where
                    + " (RFC 8839 §5.4: every data stream MUST have both, at session or media level)");
        }
        if (pwd != null && ufrag == null) {
            throw pwdLine.error("ice-pwd without ice-ufrag for " + where
                    + " (RFC 8839 §5.4: every data stream MUST have both, at session or media level)");
        }
        return ufrag == null ? Optional.empty() : Optional.of(new IceCredentials(ufrag, pwd));
    }

    /** A builder to write a new media section. */
    public static IceMediaBuilder builder() {
        return new IceMediaBuilder();
    }

    /** A builder holding this section's lines, to edit them; untouched lines stay as they are. */
    public IceMediaBuilder toBuilder() {
        return new IceMediaBuilder(this);
    }

    String mLineValue() {
        return mLineValue;
    }

    List<SdpLine> lines() {
        return lines;
    }

    MediaLine mediaLine() {
        return mediaLine;
    }

    SessionDefaults sessionDefaults() {
        return session;
    }

    /** The media type, e.g. {@code audio}. */
    public String mediaType() {
        return mediaLine.mediaType();
    }

    /** The port of the m= line: the default candidate's port for component 1 (RFC 8839 §4.2.1.2). */
    public int port() {
        return mediaLine.port();
    }

    /** The number of ports of {@code m=<media> <port>/<count>}; 1 when not written. */
    public int portCount() {
        return mediaLine.portCount();
    }

    /** The transport protocol, e.g. {@code RTP/AVP}. */
    public String protocol() {
        return mediaLine.protocol();
    }

    /** The formats (payload types) of the m= line, in order. */
    public List<String> formats() {
        return mediaLine.formats();
    }

    /** Whether the port is 0: a rejected or removed stream (RFC 3264 §6, RFC 8839 §4.2.1.6). */
    public boolean isRejected() {
        return mediaLine.port() == 0;
    }

    /** Effective connection address: this section's {@code c=}, else the session's; {@code null} if neither. */
    public String connectionAddress() {
        return scope.connectionAddress != null ? scope.connectionAddress : session.connectionAddress();
    }

    /** This section's own {@code c=} address. */
    public Optional<String> mediaConnectionAddress() {
        return Optional.ofNullable(scope.connectionAddress);
    }

    /** The port of {@code a=rtcp} (RFC 3605). */
    public OptionalInt rtcpPort() {
        return scope.rtcpPort == null ? OptionalInt.empty() : OptionalInt.of(scope.rtcpPort);
    }

    /** The address of {@code a=rtcp}, when it has one (RFC 3605). */
    public Optional<String> rtcpAddress() {
        return Optional.ofNullable(scope.rtcpAddress);
    }

    /** Whether {@code a=rtcp-mux} is present (RFC 5761). */
    public boolean rtcpMux() {
        return scope.rtcpMux;
    }

    /** Effective credentials: media-level ice-ufrag/ice-pwd override session-level ones (RFC 8839 §5.4). */
    public Optional<IceCredentials> credentials() {
        return credentials;
    }

    /** The credentials written in this section, when both ice-ufrag and ice-pwd are. */
    public Optional<IceCredentials> mediaCredentials() {
        return scope.ufrag != null && scope.pwd != null
                ? Optional.of(new IceCredentials(scope.ufrag, scope.pwd)) : Optional.empty();
    }

    /** Effective ice-options: this section's tags if it has any, else the session's (RFC 8839 §5.6). */
    public List<String> iceOptions() {
        return scope.iceOptions != null ? List.copyOf(scope.iceOptions) : session.iceOptions();
    }

    /** The ice-options tags written in this section, in order. */
    public List<String> mediaIceOptions() {
        return scope.iceOptions == null ? List.of() : List.copyOf(scope.iceOptions);
    }

    /**
     * Effective ice-pacing in milliseconds: RFC 8839 §5.5 makes it a session-level attribute; a
     * media-level one is accepted and wins. Empty means the RFC 8445 §14.2 default of 50 ms applies.
     */
    public OptionalInt icePacing() {
        Integer pacing = scope.icePacing != null ? scope.icePacing : session.icePacing();
        return pacing == null ? OptionalInt.empty() : OptionalInt.of(pacing);
    }

    /** The candidates this agent can use, in order; skipped ones are in {@link #skipped()}. */
    public List<IceCandidate> candidates() {
        return List.copyOf(scope.candidates);
    }

    /** The candidates of one component, in order. */
    public List<IceCandidate> candidates(int componentId) {
        List<IceCandidate> result = new ArrayList<>();
        for (IceCandidate c : scope.candidates) {
            if (c.componentId() == componentId) {
                result.add(c);
            }
        }
        return List.copyOf(result);
    }

    /** The entries of every {@code a=remote-candidates} line, in order (RFC 8839 §5.2). */
    public List<RemoteCandidateRef> remoteCandidates() {
        return List.copyOf(scope.remoteCandidates);
    }

    /** Whether {@code a=end-of-candidates} is present here or at session level (RFC 8840). */
    public boolean endOfCandidates() {
        return scope.endOfCandidates || session.endOfCandidates();
    }

    /** Whether {@code a=ice-mismatch} is present: ICE is not used for this stream (RFC 8839 §5.3). */
    public boolean iceMismatch() {
        return scope.iceMismatch;
    }

    /**
     * The default destination of a component (RFC 8839 §3): component 1 is the effective {@code c=}
     * address and the {@code m=} port; component 2 is {@code a=rtcp} (its address, else the
     * {@code c=} address), else nothing when {@code a=rtcp-mux} puts RTCP on the RTP port (RFC 5761),
     * else the {@code c=} address and the {@code m=} port plus one. A rejected stream (port 0) has
     * none. The value may be the 0.0.0.0/:: port 9 placeholder of an agent with no candidate yet
     * (RFC 8839 §4.3.1, see {@link TransportAddr#isPlaceholder()}); component 2 then is the same
     * placeholder rather than port 10, unless {@code a=rtcp} says otherwise.
     */
    public Optional<TransportAddr> defaultCandidate(int componentId) {
        String address = connectionAddress();
        if (isRejected() || (componentId != 1 && componentId != 2)) {
            return Optional.empty();
        }
        if (componentId == 1) {
            return address == null ? Optional.empty() : Optional.of(new TransportAddr(address, port()));
        }
        if (scope.rtcpPort != null) {
            String rtcpAddress = scope.rtcpAddress != null ? scope.rtcpAddress : address;
            return rtcpAddress == null ? Optional.empty() : Optional.of(new TransportAddr(rtcpAddress, scope.rtcpPort));
        }
        if (scope.rtcpMux || address == null || port() == 65535) {
            return Optional.empty();
        }
        TransportAddr rtp = new TransportAddr(address, port());
        if (rtp.isPlaceholder()) {
            return Optional.of(rtp); // no candidate yet for either component (RFC 8839 §4.3.1), not port 10
        }
        return Optional.of(new TransportAddr(address, port() + 1));
    }

    /** Every {@code a=} line of this section, in order, ICE or not, used or skipped (but a nameless {@code a=} line). */
    public List<SdpAttribute> attributes() {
        return List.copyOf(scope.attributes);
    }

    /** The values of the attributes called {@code name} (case-insensitive), in order; {@code null} for a property attribute. */
    public List<String> attributeValues(String name) {
        List<String> values = new ArrayList<>();
        for (SdpAttribute a : scope.attributes) {
            if (a.is(name)) {
                values.add(a.value());
            }
        }
        return values;
    }

    /** Whether an attribute called {@code name} is present (case-insensitive). */
    public boolean hasAttribute(String name) {
        return scope.attributes.stream().anyMatch(a -> a.is(name));
    }

    /** The lines of this section that were kept but not interpreted, and why. */
    public List<SkippedLine> skipped() {
        return List.copyOf(scope.skipped);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IceMedia other && mLineValue.equals(other.mLineValue) && lines.equals(other.lines)
                && session.equals(other.session);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mLineValue, lines, session);
    }

    /** The section as SDP text, CRLF line endings. */
    @Override
    public String toString() {
        List<SdpLine> all = new ArrayList<>();
        all.add(new SdpLine('m', mLineValue));
        all.addAll(lines);
        return SdpText.join(all);
    }
}
