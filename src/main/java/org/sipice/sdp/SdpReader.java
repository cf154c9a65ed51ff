package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list of SDP lines into an {@link IceDescription}: the session part up to the first
 * {@code m=} (RFC 4566 §5), then one {@link IceMedia} per media section. Parsing and building both
 * end here, so a built description is exactly what parsing its text gives.
 */
final class SdpReader {

    private SdpReader() {
    }

    /** Line {@code i} of {@code lines} is line {@code i + 1} of the body. */
    static IceDescription read(List<SdpLine> lines) {
        if (lines.isEmpty()) {
            throw new IceSdpException(1, "", "empty SDP body (RFC 4566 §5)");
        }
        if (lines.get(0).type() != 'v') {
            throw new IceSdpException(1, lines.get(0).text(), "an SDP body starts with v= (RFC 4566 §5)");
        }
        checkSize(lines);
        int firstMedia = 0;
        while (firstMedia < lines.size() && lines.get(firstMedia).type() != 'm') {
            firstMedia++;
        }
        List<SdpLine> sessionLines = List.copyOf(lines.subList(0, firstMedia));
        if (sessionLines.stream().noneMatch(l -> l.type() == 'o')) {
            // The builders require one too, so whatever parses also builds (issue 11).
            throw new IceSdpException("no o= line: the origin is mandatory (RFC 8866 §5.2)");
        }
        ScopeReader session = ScopeReader.session();
        for (int i = 0; i < sessionLines.size(); i++) {
            session.read(i + 1, sessionLines.get(i));
        }
        SessionDefaults defaults = new SessionDefaults(session.ufrag, session.ufragLine, session.pwd, session.pwdLine,
                session.iceOptions == null ? List.of() : session.iceOptions, session.icePacing,
                session.connectionAddress, session.endOfCandidates);

        List<IceMedia> media = new ArrayList<>();
        List<SkippedLine> skipped = new ArrayList<>(session.skipped);
        int start = firstMedia;
        while (start < lines.size()) {
            if (media.size() == SdpLimits.MAX_MEDIA_SECTIONS) {
                throw new IceSdpException(start + 1, lines.get(start).text(), SdpLimits.tooManyMediaSections());
            }
            int end = start + 1;
            while (end < lines.size() && lines.get(end).type() != 'm') {
                end++;
            }
            IceMedia m = IceMedia.interpret(lines.get(start).value(), lines.subList(start + 1, end), start + 1, defaults);
            media.add(m);
            skipped.addAll(m.skipped());
            start = end;
        }
        return new IceDescription(sessionLines, session, defaults, media, skipped);
    }

    /** {@link SdpLimits#MAX_BODY_BYTES}, counted as {@link IceSdp#format} writes the lines (CRLF). */
    private static void checkSize(List<SdpLine> lines) {
        long bytes = 0;
        for (SdpLine line : lines) {
            bytes += 4 + SdpLimits.utf8Length(line.value()); // type, '=', CRLF
            if (bytes > SdpLimits.MAX_BODY_BYTES) {
                throw SdpLimits.bodyError();
            }
        }
    }
}
