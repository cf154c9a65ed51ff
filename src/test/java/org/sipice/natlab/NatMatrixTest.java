package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.natlab.LabPhones.CallOutcome;
import org.sipice.natlab.MatrixReport.Cell;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.NatLab.NatType;

/**
 * The connectivity matrix: real sipice calls between two LANs behind Linux NATs (scripts/natlab)
 * for every pair of RFC 4787 router behaviours, with STUN only and with STUN+TURN. Each cell's
 * outcome must be what {@link NatPathModel} predicts: a direct pair where a direct path exists, a
 * relayed pair where only TURN gets through, a clean and fast ICE failure (480 with the reason)
 * where nothing does. Every lab is self-checked with {@code sipice nat-probe} before each cell:
 * a router that does not behave as labelled fails the cell instead of producing a wrong row.
 * Independent cells run in parallel in separate labs. Writes docs/nat-matrix.md.
 */
class NatMatrixTest {
    /** Within RFC 8445 (it sets no bound): long enough for every check's retransmissions here. */
    private static final Duration CHECKS_TIMEOUT = Duration.ofMillis(3000);
    private static final int WORKERS = Integer.getInteger("sipice.natlab.workers", 3);

    @Test
    @Timeout(900)
    void everyPairOfNatBehaviours_connectsAsRfc4787AndRfc8445Predict() throws Exception {
        NatLab.require(true);
        long t0 = System.nanoTime();
        List<NatType[]> cells = new ArrayList<>(NatPathModel.cells());
        // The cells expected to fail take longest (the checks timeout): start them first.
        cells.sort(Comparator.comparing((NatType[] c) -> NatPathModel.predict(c[0], c[1], false) != Outcome.FAILED));
        ConcurrentLinkedQueue<NatType[]> queue = new ConcurrentLinkedQueue<>(cells);
        Map<String, Cell> results = new ConcurrentHashMap<>();
        List<String> labErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(pool.submit(() -> runCells(queue, results, labErrors)));
        }
        for (Future<?> f : workers) {
            f.get(14, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long took = (System.nanoTime() - t0) / 1_000_000_000L;

        List<Cell> ordered = NatPathModel.cells().stream().map(c -> results.getOrDefault(key(c[0], c[1]),
                new Cell(c[0], c[1], NatPathModel.predict(c[0], c[1], false), null, NatPathModel.predict(c[0], c[1],
                        true), null, "not run: " + labErrors))).collect(Collectors.toList());
        MatrixReport.write(Path.of("docs", "nat-matrix.md"), ordered, "Last run: " + ordered.size()
                + " cells, " + (ordered.size() * 2) + " calls in " + took + " s with " + WORKERS
                + " labs in parallel; ICE checks timeout " + CHECKS_TIMEOUT.toMillis() + " ms.");
        List<String> wrong = ordered.stream().filter(c -> !c.matches()).map(NatMatrixTest::describe)
                .collect(Collectors.toList());
        assertEquals(List.of(), wrong, "cells that differ from the prediction (docs/nat-matrix.md)");
    }

    /** One worker: its own lab, cells from the shared queue until it is empty. Never throws. */
    private static void runCells(ConcurrentLinkedQueue<NatType[]> queue, Map<String, Cell> results,
            List<String> labErrors) {
        NatType first = NatType.all().get(2);
        try (NatLab lab = NatLab.up(first, first, NatLab.Options.DEFAULT);
                LabPhones phones = LabPhones.start(lab, CHECKS_TIMEOUT)) {
            NatType[] cell;
            while ((cell = queue.poll()) != null) {
                results.put(key(cell[0], cell[1]), runCell(lab, phones, cell[0], cell[1]));
            }
        } catch (Exception | AssertionError e) {
            labErrors.add(e.toString());
        }
    }

    private static Cell runCell(NatLab lab, LabPhones phones, NatType a, NatType b) {
        Outcome stunPredicted = NatPathModel.predict(a, b, false);
        Outcome turnPredicted = NatPathModel.predict(a, b, true);
        try {
            lab.set(a, b);
            lab.selfCheck();
            CallOutcome stun = phones.call(false);
            CallOutcome turn = phones.call(true);
            return new Cell(a, b, stunPredicted, stun, turnPredicted, turn, null);
        } catch (Exception | AssertionError e) {
            return new Cell(a, b, stunPredicted, null, turnPredicted, null, e.toString());
        }
    }

    private static String key(NatType a, NatType b) {
        return a.label() + " " + b.label();
    }

    private static String describe(Cell c) {
        if (c.error() != null) {
            return c.a() + " vs " + c.b() + ": " + c.error();
        }
        return c.a() + " vs " + c.b() + ": STUN predicted " + c.predictedStun() + " got " + c.stun() + "; TURN predicted "
                + c.predictedTurn() + " got " + c.turn();
    }

    /**
     * 25 ms one way and 2 % loss per direction on both WAN links (RTT 50 ms to the servers, 100 ms
     * between the LANs): cells with a direct path and cells that need the relay still complete
     * every call.
     */
    @Test
    @Timeout(600)
    void impairedWanLinks_aSubsetOfCellsStillCompletesEveryCall() throws Exception {
        List<String[]> subset = List.of(new String[] {"eim/apdf", "eim/apdf", "stun"},
                new String[] {"eim/eif", "apdm/apdf", "stun"}, new String[] {"apdm/apdf", "apdm/apdf", "turn"});
        int callsPerCell = 3;
        StringBuilder md = new StringBuilder("# NAT matrix with impaired WAN links\n\nWritten by `NatMatrixTest`. "
                + "25 ms one way and 2 % loss per direction on both WAN links (userspace TAP relay, no netem "
                + "here); ICE checks timeout 10 s.\n\n| router a | router b | candidates | calls ok | pairs | setup ms |\n"
                + "|---|---|---|---|---|---|\n");
        List<String> failures = new ArrayList<>();
        try (NatLab lab = NatLab.up(NatPathModel.type("eim/apdf"), NatPathModel.type("eim/apdf"),
                NatLab.Options.DEFAULT.withDelay(25, 2));
                LabPhones phones = LabPhones.start(lab, Duration.ofSeconds(10))) {
            for (String[] s : subset) {
                NatType a = NatPathModel.type(s[0]);
                NatType b = NatPathModel.type(s[1]);
                boolean turn = s[2].equals("turn");
                lab.set(a, b);
                lab.selfCheck();
                Outcome predicted = NatPathModel.predict(a, b, turn);
                List<String> pairs = new ArrayList<>();
                List<Long> setup = new ArrayList<>();
                int ok = 0;
                for (int i = 0; i < callsPerCell; i++) {
                    CallOutcome c = phones.call(turn);
                    if (c.outcome() != null && c.outcome() != Outcome.FAILED && predicted.allows(c.outcome())) {
                        ok++;
                    } else {
                        failures.add(a + " vs " + b + " " + s[2] + " call " + (i + 1) + ": " + c);
                    }
                    pairs.add(c.pairs());
                    setup.add(c.setupMs());
                }
                md.append("| ").append(a).append(" | ").append(b).append(" | ").append(turn ? "STUN+TURN" : "STUN")
                        .append(" | ").append(ok).append("/").append(callsPerCell).append(" | ")
                        .append(String.join("; ", pairs)).append(" | ").append(setup).append(" |\n");
            }
        }
        Files.writeString(Path.of("docs", "nat-matrix-impaired.md"), md.toString());
        assertTrue(failures.isEmpty(), "calls that failed on impaired links: " + failures);
    }
}
