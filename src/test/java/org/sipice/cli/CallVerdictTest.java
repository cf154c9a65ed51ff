package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.sdp.IceCandidate;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallEvent.Direction;
import org.sipice.sip.EarlyAnswerMode;

/** The RESULT line of a softphone call, from its events: what scripts rely on. */
class CallVerdictTest {
    private static final long MS = 1_000_000L;

    @Test
    void aCalleeThatRangAfterIceAndExchangedMediaIsOk() {
        List<CallVerdict.Stamped> events = new Story()
                .at(0, received("INVITE", "INVITE", true, false))
                .at(5, sent("100 Trying", "INVITE", true, false))
                .at(6, sent("183 Session Progress", "INVITE", true, true))
                .at(40, new CallEvent.Ice(completed(34)))
                .at(41, new CallEvent.RingingGateOpened(Duration.ofMillis(41), true))
                .at(42, sent("180 Ringing", "INVITE", false, false))
                .at(43, sent("200 OK", "INVITE", true, false))
                .at(45, new CallEvent.Established())
                .at(2045, new CallEvent.Ended("BYE received", false)).events;

        ResultLine line = CallVerdict.build(1, false, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(100, 99, 60 * MS, 43), false);

        assertEquals("RESULT status=ok call=1 direction=in early_answer_mode=AUTO early_answer=100+183rel "
                + "ice=completed pair=host/udp-host/udp rtcp_pair=mux ice_ms=34 ringing_after_ice=true gate_ms=41 "
                + "gate=ice setup_ms=45 first_rtp_ms=60 media_sent=100 media_received=99 media_gap_ms=43 hangup=peer",
                line.toString());
    }

    @Test
    void thePairIsTheOneThatCarriedTheMediaAfterAReSelection() {
        IceCandidate local = IceCandidate.parse("candidate:3 1 UDP 16777215 192.0.2.9 6000 typ relay "
                + "raddr 10.0.0.1 rport 4000");
        IceCandidate remote = IceCandidate.parse("candidate:1 1 UDP 2130706431 10.0.0.2 5000 typ host");
        IceEvent.Completed first = completed(34);
        CandidatePairInfo relayed = new CandidatePairInfo(1, local, remote, 2L, true);
        List<CallVerdict.Stamped> events = new Story()
                .at(0, sent("INVITE", "INVITE", true, false))
                .at(40, new CallEvent.Ice(first))
                .at(45, received("200 OK", "INVITE", true, false))
                .at(46, new CallEvent.Established())
                .at(900, new CallEvent.Ice(new IceEvent.SelectedPairChanged(first.selectedPairs().get(0), relayed)))
                .at(2046, new CallEvent.Ended("hung up", false)).events;

        ResultLine line = CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(100, 99, 60 * MS, 40), true);

        assertEquals("relay/udp-host/udp", field(line, "pair"));
        assertEquals("mux", field(line, "rtcp_pair"));
    }

    @Test
    void aCallerWhoseAnswerCameInRepeated183sCountsThem() {
        List<CallVerdict.Stamped> events = new Story()
                .at(0, sent("INVITE", "INVITE", true, false))
                .at(3, received("183 Session Progress", "INVITE", true, false))
                .at(503, received("183 Session Progress", "INVITE", true, false))
                .at(1503, received("183 Session Progress", "INVITE", true, false))
                .at(1600, received("200 OK", "INVITE", true, false)).events;

        assertEquals("183x3", CallVerdict.earlyAnswer(events, true));
        assertEquals("none", CallVerdict.earlyAnswer(events.subList(4, 5), true));
    }

    @Test
    void aCallWithoutMediaFailsAndSaysWhy() {
        List<CallVerdict.Stamped> events = new Story()
                .at(0, sent("INVITE", "INVITE", true, false))
                .at(10, received("200 OK", "INVITE", true, false))
                .at(12, new CallEvent.Established())
                .at(30, new CallEvent.Ice(completed(18)))
                .at(2012, new CallEvent.Ended("hung up", false)).events;

        ResultLine noMedia = CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(100, 0, 0), true);
        assertEquals("failed", field(noMedia, "status"));
        assertEquals("no_media_received", field(noMedia, "reason"));
        assertEquals("local", field(noMedia, "hangup"));

        ResultLine noIce = CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events.subList(0, 3),
                CallVerdict.Media.NONE, true);
        assertEquals("not_established", field(CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, List.of(),
                CallVerdict.Media.NONE, false), "reason"));
        assertEquals("ice_not_completed", field(noIce, "reason"));
    }

    @Test
    void aRejectedCallCarriesTheEndReason() {
        List<CallVerdict.Stamped> events = new Story()
                .at(0, sent("INVITE", "INVITE", true, false))
                .at(10, new CallEvent.Ended("480 Temporarily Unavailable (ICE failed)", true)).events;

        ResultLine line = CallVerdict.build(2, true, EarlyAnswerMode.AUTO, 0, events, CallVerdict.Media.NONE, false);

        assertEquals("480_Temporarily_Unavailable_(ICE_failed)", field(line, "reason"));
        assertEquals("2", field(line, "call"));
        assertEquals("failed", field(line, "ice"));
    }

    @Test
    void aCallWhoseConsentExpiredFailsAlthoughItEndedWithBye() {
        // RFC 7675 §5.1: 30 s without an authenticated consent response; sending stopped.
        IceEvent.Completed completed = completed(18);
        List<CallVerdict.Stamped> events = establishedCall(completed)
                .at(30_400, new CallEvent.Ice(new IceEvent.ConsentLost(completed.selectedPairs().get(0),
                        Duration.ofMillis(30_000))))
                .at(30_401, new CallEvent.Ice(new IceEvent.Failed("consent expired (RFC 7675)")))
                .at(45_000, new CallEvent.Ended("BYE received", false)).events;

        ResultLine line = CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(2250, 1498, 100 * MS, 14_600), true);

        assertEquals("failed", field(line, "status"));
        assertEquals("consent_lost", field(line, "reason"), "the first reason that applies");
        assertEquals("14600", field(line, "media_gap_ms"));
        assertEquals("completed", field(line, "ice"), "ICE did complete; it failed later");
    }

    @Test
    void iceThatFailsDuringTheCallFailsTheCall() {
        List<CallVerdict.Stamped> events = establishedCall(completed(18))
                .at(9_000, new CallEvent.Ice(new IceEvent.Failed("every selected pair failed")))
                .at(10_000, new CallEvent.Ended("hung up", false)).events;

        assertEquals("ice_failed_during_call", field(CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(500, 450, 100 * MS, 900), true), "reason"));
    }

    @Test
    void aMediaGapAboveTheLimitFailsTheCall_atTheLimitItDoesNot() {
        List<CallVerdict.Stamped> events = establishedCall(completed(18))
                .at(10_000, new CallEvent.Ended("hung up", false)).events;

        ResultLine stopped = CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(500, 400, 100 * MS, 2_500), true);
        assertEquals("failed", field(stopped, "status"));
        assertEquals("media_gap", field(stopped, "reason"));
        assertEquals("2500", field(stopped, "media_gap_ms"));

        assertEquals("ok", field(CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(500, 499, 100 * MS, CallVerdict.DEFAULT_MAX_MEDIA_GAP_MS), true), "status"));
        assertEquals("ok", field(CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(500, 400, 100 * MS, 2_500), true, 3_000), "status"), "--max-media-gap 3000");
        assertEquals("ok", field(CallVerdict.build(1, true, EarlyAnswerMode.AUTO, 0, events,
                new CallVerdict.Media(500, 400, 100 * MS, 60_000), true, 0), "status"), "--max-media-gap 0: no limit");
    }

    /** A caller's call up to its media: INVITE, 200, ACK, ICE completed. */
    private static Story establishedCall(IceEvent.Completed completed) {
        return new Story()
                .at(0, sent("INVITE", "INVITE", true, false))
                .at(10, received("200 OK", "INVITE", true, false))
                .at(12, new CallEvent.Established())
                .at(30, new CallEvent.Ice(completed));
    }

    private static String field(ResultLine line, String key) {
        for (String f : line.toString().split(" ")) {
            if (f.startsWith(key + "=")) {
                return f.substring(key.length() + 1);
            }
        }
        return null;
    }

    private static IceEvent.Completed completed(long ms) {
        IceCandidate local = IceCandidate.parse("candidate:1 1 UDP 2130706431 10.0.0.1 4000 typ host");
        IceCandidate remote = IceCandidate.parse("candidate:1 1 UDP 2130706431 10.0.0.2 5000 typ host");
        return new IceEvent.Completed(List.of(new CandidatePairInfo(1, local, remote, 1L, true)),
                Duration.ofMillis(ms));
    }

    private static CallEvent.SipMessage sent(String label, String cseq, boolean sdp, boolean reliable) {
        return new CallEvent.SipMessage(Direction.SENT, label, cseq, sdp, reliable);
    }

    private static CallEvent.SipMessage received(String label, String cseq, boolean sdp, boolean reliable) {
        return new CallEvent.SipMessage(Direction.RECEIVED, label, cseq, sdp, reliable);
    }

    /** Events in the order they happened, stamped in milliseconds from 0. */
    private static final class Story {
        final List<CallVerdict.Stamped> events = new ArrayList<>();

        Story at(long ms, CallEvent e) {
            events.add(new CallVerdict.Stamped(ms * MS, e));
            return this;
        }
    }
}
