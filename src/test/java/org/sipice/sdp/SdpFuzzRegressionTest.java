package org.sipice.sdp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input that ever broke the codec, kept under {@code src/test/resources/fuzz/sdp/} (one file
 * each, bytes as received; see {@code README.md} there), checked against {@link SdpProperties} on
 * every run.
 */
class SdpFuzzRegressionTest {

    static final String DIRECTORY = "/fuzz/sdp/";

    static Stream<String> names() {
        return inputs().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void stillHolds(String name) {
        SdpProperties.check(inputs().get(name));
    }

    /** File name to content, sorted by name. */
    static Map<String, String> inputs() {
        Map<String, String> inputs = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(SdpFuzzRegressionTest.class.getResource(DIRECTORY).toURI()))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".sdp")) {
                    inputs.put(p.getFileName().toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return inputs;
    }
}
