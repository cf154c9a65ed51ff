package org.sipice.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;

/** Report → JSON → report gives the same values; the JSON uses WebRTC's names; bad input is named. */
class CallReportJsonTest {

    static CallReport sample() {
        Instant t0 = Instant.parse("2026-11-22T18:00:00.123456789Z");
        IceCandidateStats host = new IceCandidateStats("L1", false, 1, "host", "udp", "::1", 40000, 2130706431L,
                "1", null, null, null, null);
        IceCandidateStats relay = new IceCandidateStats("L2", false, 1, "relay", "udp", "198.51.100.7", 50000, 16777215L,
                "3", "10.0.0.2", 40000, "udp", "turn:198.51.100.7:3478?transport=udp");
        IceCandidateStats prflx = new IceCandidateStats("R1", true, 1, "prflx", "udp", "203.0.113.9", 6000, 1845501695L,
                "9", null, null, null, null);
        IceCandidatePairStats selected = new IceCandidatePairStats("P1", 1, "L1", "R1", "succeeded",
                9115038255631187967L, true, true, 3, 2, 2, 3, 1, 0.000412, 0.0021, 50, 49, 8600, 8428);
        IceCandidatePairStats waiting = new IceCandidatePairStats("P2", 1, "L2", "R1", "waiting", 7L, false, false,
                0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0);
        IceStats ice = new IceStats(t0, 1, IceRole.CONTROLLING, IceState.COMPLETED, List.of(host, relay),
                List.of(prflx), List.of(selected, waiting));
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(t0, 0, TimelineEntry.SIP, "sent", "INVITE", "", true),
                new TimelineEntry(t0.plusNanos(1_500_000), 1.5, TimelineEntry.ICE, null, "PairSelected",
                        "component 1 \"quoted\" <b>&amp;</b> é", false),
                new TimelineEntry(t0.plusMillis(30), 30.25, TimelineEntry.CALL, null, "Ended", "BYE received", false));
        return new CallReport(CallReport.VERSION, "a84b4c76e66710@127.0.0.1", true, "ENDED", "BYE received", t0, ice,
                timeline);
    }

    @Test
    void aReportSurvivesJsonWithEveryValue() {
        CallReport report = sample();
        assertEquals(report, CallReportJson.read(CallReportJson.write(report)));
    }

    @Test
    void aRealCallsReportsSurviveJsonThroughAFile(@TempDir Path dir) throws Exception {
        LoopbackCall call = LoopbackCall.run();
        for (CallReport report : List.of(call.alice, call.bob)) {
            Path file = dir.resolve(report.outgoing() ? "alice.json" : "bob.json");
            CallReportJson.write(report, file);
            assertEquals(report, CallReportJson.read(file));
        }
    }

    @Test
    void theJsonUsesWebRtcStatsNames() {
        String json = CallReportJson.write(sample());
        for (String field : List.of("\"candidateType\" : \"relay\"", "\"relayProtocol\" : \"udp\"",
                "\"url\" : \"turn:198.51.100.7:3478?transport=udp\"", "\"requestsSent\" : 3",
                "\"responsesReceived\" : 3", "\"currentRoundTripTime\" : 4.12E-4", "\"totalRoundTripTime\" : 0.0021",
                "\"nominated\" : true", "\"bytesSent\" : 8600", "\"localCandidateId\" : \"L1\"",
                "\"timestamp\" : \"2026-11-22T18:00:00.123456789Z\"", "\"isRemote\" : true")) {
            assertTrue(json.contains(field), field + " in\n" + json);
        }
    }

    @Test
    void aReportMissingWhatThePageNeedsIsRefusedNamingTheField() {
        String json = CallReportJson.write(sample());
        for (String[] cut : new String[][] {
                {"\"createdAt\" : \"2026-11-22T18:00:00.123456789Z\",", "createdAt"},
                {"\"role\" : \"CONTROLLING\",", "ice.role"},
                {"\"address\" : \"::1\",", "ice.localCandidates[0].address"},
                {"\"state\" : \"waiting\",", "ice.pairs[1].state"},
                {"\"label\" : \"INVITE\",", "timeline[0].label"}}) {
            assertTrue(json.contains(cut[0]), cut[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CallReportJson.read(json.replace(cut[0], "")));
            assertTrue(e.getMessage().contains(cut[1] + " is missing"), e.getMessage());
        }
        IllegalArgumentException dangling = assertThrows(IllegalArgumentException.class,
                () -> CallReportJson.read(json.replace("\"remoteCandidateId\" : \"R1\"", "\"remoteCandidateId\" : \"R9\"")));
        assertTrue(dangling.getMessage().contains("names a candidate the report does not list"), dangling.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> CallReportJson.read(json.replace("\"kind\" : \"call\"", "\"kind\" : \"rtp\"")));
        assertTrue(kind.getMessage().contains("kind must be sip, ice or call"), kind.getMessage());
    }

    @Test
    void badInputIsRefusedWithAReason(@TempDir Path dir) throws Exception {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> CallReportJson.read("<html>"));
        assertTrue(notJson.getMessage().startsWith("not a sipice call report"), notJson.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> CallReportJson.read("{}"));
        assertTrue(empty.getMessage().contains("required"), empty.getMessage());
        String newer = CallReportJson.write(sample()).replaceFirst("\"version\" : 1", "\"version\" : 99");
        IllegalArgumentException future = assertThrows(IllegalArgumentException.class,
                () -> CallReportJson.read(newer));
        assertTrue(future.getMessage().contains("version 99"), future.getMessage());
        String badTime = CallReportJson.write(sample()).replace("2026-11-22T18:00:00.123456789Z", "yesterday");
        assertThrows(IllegalArgumentException.class, () -> CallReportJson.read(badTime));
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"version\": 1, \"callId\": \"x\", \"ice\": ");
        assertThrows(IllegalArgumentException.class, () -> CallReportJson.read(file));
    }
}
