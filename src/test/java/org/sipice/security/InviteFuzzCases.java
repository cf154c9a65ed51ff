package org.sipice.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.sipice.sdp.IceSdp;
import org.sipice.testing.RawSipCaller;

/**
 * Malformed and hostile INVITEs, each with the response RFC 3261 gives it. One case per
 * {@code Random}: the same seed gives the same bytes. The expected outcome is one of: a final
 * status from {@link Expect#statuses} (with a Warning header where {@link Expect#warning}),
 * the call proceeding (a provisional response with SDP, or a 18x: the offer was acceptable),
 * or silence (nothing a UAS can answer: no Via, not SIP at all).
 */
final class InviteFuzzCases {
    /** An ice-pwd no response may ever contain (defect 6 of issue 11). */
    static final String SECRET_PWD = "hostilePwdNeverEchoed123456";

    private InviteFuzzCases() {
    }

    /** What the answer must do with a case. */
    record Expect(Set<Integer> statuses, boolean warning, boolean mayProceed, boolean silent) {
        static Expect status(boolean warning, Integer... statuses) {
            return new Expect(Set.of(statuses), warning, false, false);
        }

        static Expect proceedsOr(boolean warning, Integer... statuses) {
            return new Expect(Set.of(statuses), warning, true, false);
        }

        static Expect silence() {
            return new Expect(Set.of(), false, false, true);
        }

        static Expect silenceOr(Integer... statuses) {
            return new Expect(Set.of(statuses), false, false, true);
        }

        @Override
        public String toString() {
            return (silent ? "silence " : "") + (mayProceed ? "proceed " : "") + (statuses.isEmpty() ? "" : statuses)
                    + (warning ? "+Warning" : "");
        }
    }

    /** One datagram and what it must get. */
    record Case(String kind, byte[] datagram, Expect expect) {
    }

    enum Kind {
        SDP_MUTATION, HUGE_ATTRIBUTE, MANY_CANDIDATES, CONTENT_LENGTH_TOO_LARGE, CONTENT_LENGTH_GARBAGE,
        UNKNOWN_REQUIRE, WRONG_CONTENT_TYPE, UNKNOWN_HEADERS, MALFORMED_HEADER, MISSING_HEADER, BINARY_JUNK,
        PWD_WITHOUT_UFRAG, CONTROL_CHARACTERS
    }

    /** Case {@code kind} for {@code dialog} of {@code raw}, its details drawn from {@code random}. */
    static Case make(Kind kind, Random random, RawSipCaller raw, RawSipCaller.Dialog dialog) {
        String offer = RawSipCaller.iceOffer(9);
        return switch (kind) {
            case SDP_MUTATION -> {
                String body = mutate(offer, random);
                // RFC 3264 §6 / RFC 3261 §21.4.26: an offer we cannot take is 488 with a Warning.
                yield sdpCase(kind, raw.invite(dialog, "application/sdp", body), body);
            }
            case HUGE_ATTRIBUTE -> {
                // One 40-60 KB line: above any sane line limit, within one UDP datagram.
                String body = offer + "a=x-junk:" + printable(random, 40_000 + random.nextInt(20_000)) + "\r\n";
                yield new Case(kind.name(), bytes(raw.invite(dialog, "application/sdp", body)),
                        Expect.status(true, 488, 513));
            }
            case MANY_CANDIDATES -> {
                StringBuilder body = new StringBuilder(offer);
                int count = 500 + random.nextInt(300);
                for (int i = 0; i < count; i++) {
                    body.append("a=candidate:").append(i + 2).append(' ').append(1 + i % 2).append(" UDP ")
                            .append(1_000_000 + i).append(" 127.0.").append(i / 250).append('.').append(1 + i % 250)
                            .append(' ').append(1024 + i).append(" typ host\r\n");
                }
                yield new Case(kind.name(), bytes(raw.invite(dialog, "application/sdp", body.toString())),
                        Expect.status(true, 488, 513));
            }
            case CONTENT_LENGTH_TOO_LARGE -> {
                // RFC 3261 §18.3: the datagram ends before the body: a request gets 400.
                String m = raw.invite(dialog, "application/sdp", offer);
                int length = offer.length() + 1 + random.nextInt(1000);
                m = m.replace("Content-Length: " + offer.length(), "Content-Length: " + length);
                yield new Case(kind.name(), bytes(m), Expect.status(false, 400));
            }
            case CONTENT_LENGTH_GARBAGE -> {
                String[] values = {"abc", "-5", "99999999999999999999", "1e3", "", "0x10"};
                String m = raw.invite(dialog, "application/sdp", offer)
                        .replace("Content-Length: " + offer.length(), "Content-Length: " + pick(random, values));
                yield new Case(kind.name(), bytes(m), Expect.status(false, 400));
            }
            case UNKNOWN_REQUIRE -> {
                // RFC 3261 §8.2.2.3: 420 Bad Extension, listing it in Unsupported.
                String option = "x-" + token(random, 1 + random.nextInt(12));
                yield new Case(kind.name(), bytes(raw.invite(dialog, "application/sdp", offer, "Require: " + option)),
                        Expect.status(false, 420));
            }
            case WRONG_CONTENT_TYPE -> {
                // RFC 3261 §8.2.3: 415 Unsupported Media Type, with Accept.
                String[] types = {"text/plain", "application/json", "application/sdpx", "image/png",
                    "multipart/mixed;boundary=x", "application/x-" + token(random, 6)};
                yield new Case(kind.name(), bytes(raw.invite(dialog, pick(random, types), offer)),
                        Expect.status(false, 415));
            }
            case UNKNOWN_HEADERS -> {
                // RFC 3261 §8.2.2: unknown header fields are ignored; the call goes on.
                List<String> headers = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
                    headers.add("X-" + token(random, 1 + random.nextInt(20)) + ": "
                            + printable(random, random.nextInt(random.nextInt(10) == 0 ? 2000 : 60)).strip());
                }
                yield new Case(kind.name(),
                        bytes(raw.invite(dialog, "application/sdp", offer, headers.toArray(String[]::new))),
                        Expect.proceedsOr(false));
            }
            case MALFORMED_HEADER -> {
                // RFC 3261 §8.2.6.2: a response copies Via, From, To, Call-ID and CSeq. Where one
                // of them cannot be parsed the request may be dropped as unparsable (silence) or
                // answered 400; where they all parse, a request that breaks a rule gets 400.
                String[][] broken = {
                    {"CSeq: 1 INVITE", "CSeq: x INVITE", "drop"}, {"CSeq: 1 INVITE", "CSeq: 1 BYE", "400"},
                    {"Max-Forwards: 70", "Max-Forwards: lots", "drop"}, {"From: <", "From: <<<", "drop"},
                    {"Call-ID: ", "Call-ID:\r\nX-Was-Call-ID: ", "drop"}, {"Max-Forwards: 70", "Max-Forwards 70", "drop"},
                    {"CSeq: 1 INVITE", "CSeq: 99999999999 INVITE", "drop"}};
                String[] b = broken[random.nextInt(broken.length)];
                String m = raw.invite(dialog, "application/sdp", offer).replaceFirst(java.util.regex.Pattern.quote(b[0]),
                        java.util.regex.Matcher.quoteReplacement(b[1]));
                Expect expect = b[2].equals("400") ? Expect.status(false, 400) : Expect.silenceOr(400);
                yield new Case(kind.name() + "(" + b[1].split("\r")[0] + ")", bytes(m), expect);
            }
            case MISSING_HEADER -> {
                String[] names = {"From", "To", "Call-ID", "CSeq", "Contact", "Via"};
                String name = pick(random, names);
                String m = raw.invite(dialog, "application/sdp", offer).replaceFirst("(?m)^" + name + ": [^\r]*\r\n", "");
                // RFC 3261 §8.1.1: mandatory headers. Without Via there is nowhere to answer
                // (§18.2.2); without From, To, Call-ID or CSeq no response can be formed
                // (§8.2.6.2): dropped or 400. A missing Contact (§8.1.1.8) gets 400.
                Expect expect = switch (name) {
                    case "Via" -> Expect.silence();
                    case "Contact" -> Expect.status(false, 400);
                    default -> Expect.silenceOr(400);
                };
                yield new Case(kind.name() + "(" + name + ")", bytes(m), expect);
            }
            case BINARY_JUNK -> {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                if (random.nextBoolean()) {
                    byte[] start = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(start, 0, junk, 0, Math.min(start.length, junk.length));
                }
                // Not a request one can answer (no Via): silence.
                yield new Case(kind.name(), junk, Expect.silence());
            }
            case PWD_WITHOUT_UFRAG -> {
                // RFC 8839 §5.4: ice-ufrag and ice-pwd come together; the Warning names the
                // attribute and never quotes the password.
                String body = offer.replaceFirst("a=ice-ufrag:[^\r]*\r\n", "")
                        .replace("rawpasswordrawpassword1234", SECRET_PWD);
                yield new Case(kind.name(), bytes(raw.invite(dialog, "application/sdp", body)),
                        Expect.status(true, 488));
            }
            case CONTROL_CHARACTERS -> {
                char c = (char) random.nextInt(32);
                String body = offer.replace("a=ice-ufrag:rawU", "a=ice-ufrag:raw" + (c == '\r' || c == '\n' ? '\0' : c)
                        + "U");
                // RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/".
                yield new Case(kind.name(), bytes(raw.invite(dialog, "application/sdp", body)),
                        Expect.status(true, 488));
            }
        };
    }

    private static Case sdpCase(Kind kind, String message, String body) {
        boolean parses;
        try {
            IceSdp.parse(body);
            parses = true;
        } catch (RuntimeException e) {
            parses = false;
        }
        return new Case(kind.name(), bytes(message),
                parses ? Expect.proceedsOr(true, 488) : Expect.status(true, 488));
    }

    /** One to three line-level edits of an SDP body. */
    static String mutate(String sdp, Random random) {
        List<String> lines = new ArrayList<>(List.of(sdp.split("\r\n")));
        for (int edits = 1 + random.nextInt(3); edits > 0 && !lines.isEmpty(); edits--) {
            int i = random.nextInt(lines.size());
            String line = lines.get(i);
            switch (random.nextInt(8)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(random.nextInt(lines.size() + 1), line);
                case 2 -> lines.set(i, line.substring(0, random.nextInt(line.length() + 1)));
                case 3 -> lines.set(i, line.replaceAll("\\d+", pick(random, new String[] {"-1", "0", "4294967296",
                    "99999999999999999999", "65536", "x"})));
                case 4 -> lines.set(i, printable(random, random.nextInt(80)));
                case 5 -> {
                    int at = random.nextInt(line.length() + 1);
                    lines.set(i, line.substring(0, at) + printable(random, 1 + random.nextInt(8)) + line.substring(at));
                }
                case 6 -> lines.set(i, line.replace(' ', random.nextBoolean() ? '\t' : ' ').replace("  ", " "));
                default -> {
                    int j = random.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
            }
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    private static String printable(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (33 + random.nextInt(94)));
        }
        return b.toString();
    }

    private static String token(Random random, int length) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }
}
