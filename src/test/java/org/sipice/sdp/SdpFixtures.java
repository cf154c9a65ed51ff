package org.sipice.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The captured SDP bodies under {@code src/test/resources/sdp-samples}, and a helper to write small ones. */
final class SdpFixtures {

    static final String DIRECTORY = "/sdp-samples/";

    private SdpFixtures() {
    }

    /** A fixture file's text, exactly as captured. */
    static String sample(String file) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every {@code .sdp} fixture, sorted. */
    static List<String> sampleNames() {
        URL url = SdpFixtures.class.getResource(DIRECTORY);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sdp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines joined with CRLF, ending with CRLF: what {@link IceSdp#format} writes. */
    static String sdp(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    /** A text's lines, whatever its line endings. */
    static List<String> linesOf(String text) {
        return List.of(text.split("\r\n|\n"));
    }
}
