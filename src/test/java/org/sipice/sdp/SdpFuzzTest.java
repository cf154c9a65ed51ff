package org.sipice.sdp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.internal.text.PrintableText;

/**
 * Fuzzes the codec with mutations of real bodies ({@link SdpMutator}) and checks
 * {@link SdpProperties} on each. Bounded and reproducible: {@value #DEFAULT_COUNT} inputs per run
 * from a seed printed at the start; replay one with
 * {@code -Dsipice.fuzz.seed=<seed> -Dsipice.fuzz.count=<n>}. A failing input is printed (escaped)
 * with the seed and saved under {@code target/fuzz-failures/}; copy it to
 * {@code src/test/resources/fuzz/sdp/} so {@link SdpFuzzRegressionTest} runs it from then on.
 */
class SdpFuzzTest {

    static final int DEFAULT_COUNT = 50_000;

    /** Chosen once per JVM, so that surefire's rerun of a failure replays the same inputs. */
    private static final long SEED = Long.getLong("sipice.fuzz.seed", new Random().nextLong());

    @Test
    @Timeout(300) // ~20 s for 50,000 inputs on a loaded 2-core machine; a hang in the codec still fails
    void noInputBreaksTheCodec() throws IOException {
        long seed = SEED;
        int count = Integer.getInteger("sipice.fuzz.count", DEFAULT_COUNT);
        System.out.println("SdpFuzzTest: seed " + seed + ", " + count + " inputs (-Dsipice.fuzz.seed=" + seed + ")");
        List<String> seeds = seedBodies();
        Random random = new Random(seed);
        SdpMutator mutator = new SdpMutator(random);
        int accepted = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String input = mutator.mutate(seeds.get(random.nextInt(seeds.size())));
            try {
                if (SdpProperties.check(input)) {
                    accepted++;
                }
            } catch (RuntimeException | AssertionError e) {
                Path saved = save(input);
                throw new AssertionError("input " + i + " of seed " + seed + " (saved as " + saved + "): " + e
                        + "\n" + PrintableText.escape(input, 8000), e);
            }
        }
        System.out.printf("SdpFuzzTest: %d inputs, %d accepted, in %d ms%n", count, accepted,
                (System.nanoTime() - started) / 1_000_000);
        assertTrue(accepted > count / 10, "the mutations are so harsh that only " + accepted + " inputs parsed");
        assertTrue(accepted < count, "no mutation was ever rejected: the fuzzer is not fuzzing");
    }

    /** The captured bodies plus the regression inputs, so the fuzzer keeps digging where it once found a bug. */
    private static List<String> seedBodies() {
        List<String> bodies = new ArrayList<>();
        for (String name : SdpFixtures.sampleNames()) {
            bodies.add(SdpFixtures.sample(name));
        }
        bodies.addAll(SdpFuzzRegressionTest.inputs().values());
        return bodies;
    }

    private static Path save(String input) throws IOException {
        Path dir = Path.of("target", "fuzz-failures");
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("fuzz-%08x.sdp", input.hashCode()));
        Files.write(file, input.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
