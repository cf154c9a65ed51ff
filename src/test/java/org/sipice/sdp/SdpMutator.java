package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Mutations of a captured SDP body, the kinds a broken or hostile peer sends: flipped bytes, lines
 * dropped, duplicated or moved, attribute values replaced by hostile ones, huge lines, control
 * characters, unknown candidate types, numbers out of range, ICE lines added where they do not
 * belong, truncation. All randomness comes from the {@link Random} given, so a seed replays a run.
 */
final class SdpMutator {

    /** Values that sit on a boundary of some field of RFC 8839 / RFC 4566, or are plainly hostile. */
    private static final String[] NASTY = {"", " ", "0", "-1", "1", "65535", "65536", "256", "257", "2147483647",
        "2147483648", "4294967295", "4294967296", "18446744073709551616", "99999999999", "00000000001", "x", "typ",
        "host", "relay", "prflx", "foo", "UDP", "TCP", "raddr", "rport", "tcptype", "generation", "::", "0.0.0.0",
        "::ffff:1.2.3.4", "[::1]", "fe80::1%eth0", "999.1.1.1", "a.local", "-.-", "\u0000", "\u001b[2J", "\u007f",
        "\u00e9", "\u202e", "\ud800", "\u2028", "%s%n", "a=ice-pwd", "IN IP4 1.2.3.4", "IN", "IP6", "/", "1/2",
        "5000/0", "5000/99999", "9/2/3", ":", "::::", "candidate:", "a=candidate:1 1 UDP 1 1.2.3.4 1 typ host"};

    /** Lines a mutation inserts: ICE attributes at any level, m= and c= lines, secrets. */
    private static final String[] INSERTS = {"a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg",
        "a=ice-pwd:SecretPassword0123456789xyz", "a=ice-lite", "a=ice-mismatch", "a=ice-options:ice2 trickle",
        "a=ice-pacing:50", "a=end-of-candidates", "a=rtcp-mux", "a=rtcp:9 IN IP4 0.0.0.0",
        "a=candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host",
        "a=candidate:2 2 TCP 2130706430 192.0.2.1 9 typ host tcptype active",
        "a=candidate:3 1 UDP 1694498815 203.0.113.1 6000 typ srflx raddr 192.0.2.1 rport 5000 generation 0",
        "a=candidate:4 1 UDP 100 2001:db8::1 6000 typ relay raddr :: rport 0",
        "a=remote-candidates:1 192.0.2.1 5000 2 192.0.2.1 5001", "m=audio 9 RTP/AVP 0", "m=video 0 RTP/AVP 96",
        "c=IN IP4 0.0.0.0", "c=IN IP6 ::", "o=- 1 1 IN IP4 192.0.2.1", "v=0", "s=-", "t=0 0", "a=", "a=:x",
        "k=clear:secretkey", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"};

    private static final String[] CONTROLS = {"\u0000", "\u001b", "\r", "\n", "\t", "\u0007", "\u2028", "\u202e",
        "\u0085", "\ufeff", "\u00ff", "\ud83d\ude00"};

    private final Random random;
    private final List<BiFunction<SdpMutator, List<String>, List<String>>> mutations = List.of(
            SdpMutator::flipCharacter, SdpMutator::dropLine, SdpMutator::duplicateLine, SdpMutator::moveLine,
            SdpMutator::replaceField, SdpMutator::replaceField, SdpMutator::replaceNumber,
            SdpMutator::unknownCandidateType, SdpMutator::insertControl, SdpMutator::insertLine,
            SdpMutator::insertLine, SdpMutator::longLine, SdpMutator::truncate, SdpMutator::changeCase);

    SdpMutator(Random random) {
        this.random = random;
    }

    /** One to three mutations of {@code body}, joined with CRLF or, now and then, LF. */
    String mutate(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\r\n|\n", -1)));
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count && !lines.isEmpty(); i++) {
            lines = mutations.get(random.nextInt(mutations.size())).apply(this, lines);
        }
        return String.join(random.nextInt(8) == 0 ? "\n" : "\r\n", lines);
    }

    private List<String> flipCharacter(List<String> lines) {
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        if (line.isEmpty()) {
            return lines;
        }
        int at = random.nextInt(line.length());
        char c = random.nextBoolean() ? (char) random.nextInt(256) : (char) (line.charAt(at) ^ (1 << random.nextInt(8)));
        lines.set(i, line.substring(0, at) + c + line.substring(at + 1));
        return lines;
    }

    private List<String> dropLine(List<String> lines) {
        lines.remove(random.nextInt(lines.size()));
        return lines;
    }

    private List<String> duplicateLine(List<String> lines) {
        int i = random.nextInt(lines.size());
        lines.add(random.nextInt(lines.size() + 1), lines.get(i));
        return lines;
    }

    private List<String> moveLine(List<String> lines) {
        String line = lines.remove(random.nextInt(lines.size()));
        lines.add(random.nextInt(lines.size() + 1), line);
        return lines;
    }

    /** One space-separated field of one line (after {@code x=} or {@code a=name:}) becomes a nasty value. */
    private List<String> replaceField(List<String> lines) {
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        int colon = line.indexOf(':');
        int start = line.startsWith("a=") && colon > 0 ? colon + 1 : Math.min(2, line.length());
        String[] fields = line.substring(start).split(" ", -1);
        fields[random.nextInt(fields.length)] = pick(NASTY);
        lines.set(i, line.substring(0, start) + String.join(" ", fields));
        return lines;
    }

    /** A run of digits becomes a number on or past a boundary. */
    private List<String> replaceNumber(List<String> lines) {
        int i = random.nextInt(lines.size());
        String[] numbers = {"0", "1", "255", "256", "65535", "65536", "2147483647", "2147483648", "4294967295",
            "9999999999", "99999999999999999999", "-1"};
        String replaced = lines.get(i).replaceFirst("\\d+", pick(numbers));
        lines.set(i, random.nextBoolean() ? replaced : replaced.replaceAll("\\d{3,}", pick(numbers)));
        return lines;
    }

    private List<String> unknownCandidateType(List<String> lines) {
        String[] types = {"foo", "HOST", "Relay", "srflx2", "", "typ", "\u001b", "host raddr", "prflx rport x"};
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" typ ") && random.nextBoolean()) {
                lines.set(i, lines.get(i).replaceFirst(" typ \\S*", " typ " + pick(types)));
            }
        }
        return lines;
    }

    private List<String> insertControl(List<String> lines) {
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        int at = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
        lines.set(i, line.substring(0, at) + pick(CONTROLS) + line.substring(at));
        return lines;
    }

    private List<String> insertLine(List<String> lines) {
        lines.add(random.nextInt(lines.size() + 1), pick(INSERTS));
        return lines;
    }

    /** A line around the line limit, or (rarely) far above it and above the body limit. */
    private List<String> longLine(List<String> lines) {
        String[] heads = {"a=candidate:1 1 UDP 1 192.0.2.1 5000 typ host x ", "a=x-long:", "a=ice-pwd:",
            "a=remote-candidates:", "m=audio 5000 RTP/AVP ", "a=candidate:"};
        int length = random.nextInt(16) == 0 ? SdpLimits.MAX_BODY_BYTES + random.nextInt(1000)
                : SdpLimits.MAX_LINE_LENGTH - 3 + random.nextInt(6);
        String head = pick(heads);
        String filler = random.nextBoolean() ? "A" : random.nextBoolean() ? "1 " : "\u00e9";
        StringBuilder line = new StringBuilder(head);
        while (line.length() < length) {
            line.append(filler);
        }
        lines.add(random.nextInt(lines.size() + 1), line.substring(0, length));
        return lines;
    }

    private List<String> truncate(List<String> lines) {
        String body = String.join("\r\n", lines);
        return new ArrayList<>(List.of(body.substring(0, random.nextInt(body.length() + 1)).split("\r\n", -1)));
    }

    private List<String> changeCase(List<String> lines) {
        int i = random.nextInt(lines.size());
        lines.set(i, random.nextBoolean() ? lines.get(i).toUpperCase(java.util.Locale.ROOT)
                : lines.get(i).toLowerCase(java.util.Locale.ROOT));
        return lines;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
