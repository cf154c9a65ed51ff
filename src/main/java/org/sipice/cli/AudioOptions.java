package org.sipice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What {@code call} and {@code answer} play on their calls: {@code --wav FILE}, else the test tone. */
final class AudioOptions {

    @Option(names = "--wav", paramLabel = "FILE",
            description = "Play this WAV file (16-bit PCM, mono, 8000 Hz; looped) as PCMU instead of the 440 Hz tone.")
    Path wav;

    /**
     * What the calls play.
     *
     * @throws IllegalArgumentException if the WAV file is missing or not 16-bit mono 8 kHz PCM
     */
    AudioSource audio() {
        return wav == null ? AudioSource.tone() : WavFile.read(wav);
    }
}
