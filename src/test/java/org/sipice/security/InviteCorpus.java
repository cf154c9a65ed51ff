package org.sipice.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.sipice.security.InviteFuzzCases.Case;
import org.sipice.security.InviteFuzzCases.Expect;
import org.sipice.testing.RawSipCaller;

/**
 * Fuzz cases kept as files: {@code NAME.sip} holds the datagram exactly, except that the call's
 * identifiers and addresses are placeholders ({@code {CALL_ID}}, {@code {FROM_TAG}},
 * {@code {BRANCH}}, {@code {CALLER}}, {@code {REQUEST_URI}}) filled in again at replay;
 * {@code NAME.expect} holds one line, e.g.
 * {@code kind=UNKNOWN_REQUIRE statuses=420 warning=false proceed=false silent=false}.
 */
final class InviteCorpus {
    private InviteCorpus() {
    }

    /** Writes {@code c}; {@code note} (what went wrong) becomes a comment line of the expectation. */
    static void write(Path sip, Case c, RawSipCaller.Dialog dialog, RawSipCaller raw, String note)
            throws IOException {
        // ISO-8859-1 maps every byte to one char and back: binary junk survives unchanged.
        String text = new String(c.datagram(), StandardCharsets.ISO_8859_1);
        text = text.replace(dialog.callId(), "{CALL_ID}").replace(dialog.fromTag(), "{FROM_TAG}")
                .replace(dialog.branch(), "{BRANCH}").replace(dialog.requestUri(), "{REQUEST_URI}")
                .replace(raw.hostPort(), "{CALLER}");
        Files.write(sip, text.getBytes(StandardCharsets.ISO_8859_1));
        Expect e = c.expect();
        Files.writeString(expectFile(sip), "kind=" + c.kind().replace(' ', '_') + " statuses="
                + e.statuses().stream().sorted().map(String::valueOf).collect(Collectors.joining(","))
                + " warning=" + e.warning() + " proceed=" + e.mayProceed() + " silent=" + e.silent() + "\n# "
                + note.replaceAll("\\p{Cntrl}", "?") + "\n");
    }

    static Case read(Path sip, RawSipCaller.Dialog dialog, RawSipCaller raw) throws IOException {
        String text = new String(Files.readAllBytes(sip), StandardCharsets.ISO_8859_1);
        text = text.replace("{CALL_ID}", dialog.callId()).replace("{FROM_TAG}", dialog.fromTag())
                .replace("{BRANCH}", dialog.branch()).replace("{REQUEST_URI}", dialog.requestUri())
                .replace("{CALLER}", raw.hostPort());
        Map<String, String> f = new TreeMap<>();
        for (String field : Files.readAllLines(expectFile(sip)).get(0).strip().split(" ")) {
            int eq = field.indexOf('=');
            f.put(field.substring(0, eq), field.substring(eq + 1));
        }
        Set<Integer> statuses = f.get("statuses").isEmpty() ? Set.of()
                : Arrays.stream(f.get("statuses").split(",")).map(Integer::valueOf).collect(Collectors.toSet());
        Expect expect = new Expect(statuses, Boolean.parseBoolean(f.get("warning")),
                Boolean.parseBoolean(f.get("proceed")), Boolean.parseBoolean(f.get("silent")));
        return new Case(f.get("kind"), text.getBytes(StandardCharsets.ISO_8859_1), expect);
    }

    private static Path expectFile(Path sip) {
        return sip.resolveSibling(sip.getFileName().toString().replaceAll("\\.sip$", ".expect"));
    }
}
