package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an {@link IceDescription}, from scratch ({@link IceDescription#builder()}) or by editing
 * one ({@link IceDescription#toBuilder()}).
 *
 * <p>As in {@link IceMediaBuilder}, each typed setter owns the session lines of its kind and
 * replaces them in place; other lines stay as they were. New lines go where RFC 4566 §5 orders them
 * ({@code v o s i u e p c b t r z k a}); new ICE attributes go after the other session attributes,
 * in this order: ice-lite, ice-ufrag, ice-pwd, ice-options, ice-pacing, end-of-candidates.
 * {@code v=0} and {@code t=0 0} are written when missing, {@code s=-} when no session name is set;
 * an origin is required. {@link #build()} reads the result back with the parser.
 */
public final class IceDescriptionBuilder {

    private static final String SESSION_TYPE_ORDER = "vosiuepcbtrzka";

    private final SectionEditor editor;
    private final List<IceMedia> media = new ArrayList<>();

    IceDescriptionBuilder() {
        this.editor = new SectionEditor(List.of(), SESSION_TYPE_ORDER, AttributeNames.SESSION_ORDER);
    }

    IceDescriptionBuilder(IceDescription description) {
        this.editor = new SectionEditor(description.sessionLines(), SESSION_TYPE_ORDER, AttributeNames.SESSION_ORDER);
        this.media.addAll(description.media());
    }

    /** {@code o=<username> <sessionId> <version> IN <addrType> <address>} (RFC 4566 §5.2). */
    public IceDescriptionBuilder origin(String username, long sessionId, long version, String addrType,
            String address) {
        return origin(username + " " + sessionId + " " + version + " IN " + addrType + " " + address);
    }

    /** The whole value of the {@code o=} line. */
    public IceDescriptionBuilder origin(String value) {
        editor.setLines('o', List.of(Objects.requireNonNull(value, "origin")));
        return this;
    }

    /** {@code s=<name>} (RFC 4566 §5.3); {@code -} when never set. */
    public IceDescriptionBuilder sessionName(String name) {
        editor.setLines('s', List.of(Objects.requireNonNull(name, "sessionName")));
        return this;
    }

    /** Session-level {@code c=IN <addrType> <address>}, the default for every media section. */
    public IceDescriptionBuilder connection(String addrType, String address) {
        editor.setLines('c', List.of("IN " + addrType + " " + address));
        return this;
    }

    /** Session-level {@code c=}, IP4 or IP6 chosen by the address. */
    public IceDescriptionBuilder connection(String address) {
        return connection(address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    /** Removes the session-level {@code c=} line. */
    public IceDescriptionBuilder removeConnection() {
        editor.setLines('c', List.of());
        return this;
    }

    /** Session-level ice-ufrag and ice-pwd, the default for every stream (RFC 8839 §5.4); null removes them. */
    public IceDescriptionBuilder credentials(IceCredentials credentials) {
        editor.setAttribute(AttributeNames.ICE_UFRAG, credentials == null ? List.of() : List.of(credentials.ufrag()));
        editor.setAttribute(AttributeNames.ICE_PWD, credentials == null ? List.of() : List.of(credentials.pwd()));
        return this;
    }

    /** Session-level {@code a=ice-options}, one line; an empty list removes it (RFC 8839 §5.6). */
    public IceDescriptionBuilder iceOptions(List<String> tags) {
        editor.setAttribute(AttributeNames.ICE_OPTIONS, tags.isEmpty() ? List.of() : List.of(String.join(" ", tags)));
        return this;
    }

    /** {@code a=ice-pacing} in milliseconds (RFC 8839 §5.5). */
    public IceDescriptionBuilder icePacing(int milliseconds) {
        if (milliseconds < 0) {
            throw new IceSdpException("ice-pacing " + milliseconds + " is negative (RFC 8839 §5.5)");
        }
        editor.setAttribute(AttributeNames.ICE_PACING, List.of(Integer.toString(milliseconds)));
        return this;
    }

    /** Removes {@code a=ice-pacing}: the peer then assumes 50 ms (RFC 8839 §5.5). */
    public IceDescriptionBuilder removeIcePacing() {
        editor.setAttribute(AttributeNames.ICE_PACING, List.of());
        return this;
    }

    /** Adds or removes {@code a=ice-lite} (RFC 8839 §4.2.1.4: a lite agent MUST, a full one MUST NOT). */
    public IceDescriptionBuilder iceLite(boolean lite) {
        return flag(AttributeNames.ICE_LITE, lite);
    }

    /** Adds or removes a session-level {@code a=end-of-candidates} (RFC 8840). */
    public IceDescriptionBuilder endOfCandidates(boolean present) {
        return flag(AttributeNames.END_OF_CANDIDATES, present);
    }

    /** Appends a session-level {@code a=name:value}, or {@code a=name} when {@code value} is null. */
    public IceDescriptionBuilder attribute(String name, String value) {
        editor.addLine(SdpLine.attribute(name, value));
        return this;
    }

    /** Removes every session-level {@code a=name} line. */
    public IceDescriptionBuilder removeAttribute(String name) {
        editor.removeAttribute(name);
        return this;
    }

    /** Appends a media section. */
    public IceDescriptionBuilder addMedia(IceMedia section) {
        media.add(Objects.requireNonNull(section, "media"));
        return this;
    }

    /** Replaces the media section at {@code index}, e.g. with {@code description.media().get(0).toBuilder()...build()}. */
    public IceDescriptionBuilder setMedia(int index, IceMedia section) {
        media.set(index, Objects.requireNonNull(section, "media"));
        return this;
    }

    /** Replaces all media sections. */
    public IceDescriptionBuilder media(List<IceMedia> sections) {
        media.clear();
        media.addAll(sections);
        return this;
    }

    private IceDescriptionBuilder flag(String name, boolean present) {
        List<String> values = new ArrayList<>();
        if (present) {
            values.add(null);
        }
        editor.setAttribute(name, values);
        return this;
    }

    /**
     * The description; its media sections are read again under the new session level.
     *
     * @throws IllegalStateException if no origin was set (RFC 4566 §5.2: o= is mandatory)
     * @throws IceSdpException       if the lines break a rule the parser enforces
     */
    public IceDescription build() {
        if (!editor.willHave('o')) {
            throw new IllegalStateException("an SDP body needs an origin, o= (RFC 4566 §5.2)");
        }
        if (!editor.willHave('v')) {
            editor.setLines('v', List.of("0"));
        }
        if (!editor.willHave('s')) {
            editor.setLines('s', List.of("-"));
        }
        if (!editor.willHave('t')) {
            editor.setLines('t', List.of("0 0"));
        }
        List<SdpLine> all = new ArrayList<>(editor.result());
        for (IceMedia m : media) {
            all.add(new SdpLine('m', m.mLineValue()));
            all.addAll(m.lines());
        }
        return SdpReader.read(all);
    }
}
