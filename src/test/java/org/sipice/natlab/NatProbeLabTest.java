package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.NatLab;
import org.sipice.testing.NatLab.NatType;

/**
 * {@code sipice nat-probe} against every behaviour the NAT lab's routers can take: the probe's
 * answer (RFC 5780 §4.3/§4.4) equals the configured RFC 4787 behaviour; hairpinning (§4.5) and
 * the binding lifetime (§4.6) follow the lab's settings. Both LANs are probed at once, each
 * behind a router in a different mode.
 */
@Timeout(240)
class NatProbeLabTest {

    @Test
    void everyMappingAndFilteringMode_isReportedAsConfigured() throws Exception {
        List<NatType> all = NatType.all();
        try (NatLab lab = NatLab.up(all.get(0), all.get(1), NatLab.Options.DEFAULT.withUdpTimeout(30))) {
            for (int i = 0; i < all.size(); i += 2) {
                NatType a = all.get(i);
                NatType b = all.get((i + 1) % all.size());
                lab.set(a, b);

                List<Map<String, String>> r = lab.probe("--lifetime-max", "0", "--wait", "400", "--rto", "50");

                assertProbe(a, r.get(0), "a");
                assertProbe(b, r.get(1), "b");
                assertEquals("no", r.get(0).get("hairpinning"), "no hairpin rules: " + r.get(0));
            }
        }
    }

    @Test
    void hairpinningAndBindingLifetime_followTheLabSettings() throws Exception {
        NatType eimApdf = NatType.all().get(2);
        try (NatLab lab = NatLab.up(eimApdf, eimApdf, NatLab.Options.DEFAULT.withHairpin(true).withUdpTimeout(3))) {
            List<Map<String, String>> r = lab.probe("--lifetime-max", "6", "--wait", "400", "--rto", "50");

            for (Map<String, String> side : r) {
                assertProbe(eimApdf, side, "either side");
                assertEquals("yes", side.get("hairpinning"), side.toString());
                // conntrack's UDP timeout is 3 s on both routers: alive after 2 s, gone after 4 s.
                assertEquals("2s..4s", side.get("lifetime"), side.toString());
            }
        }
    }

    private static void assertProbe(NatType expected, Map<String, String> result, String side) {
        assertEquals("ok", result.get("status"), side + ": " + result);
        assertEquals(expected.label(), result.get("mapping") + "/" + result.get("filtering"),
                "router " + side + " is " + expected + ": " + result);
    }
}
