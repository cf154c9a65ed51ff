package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --wav FILE}: 16-bit mono 8 kHz PCM becomes PCMU frames; anything else is a clear error. */
class WavFileTest {
    @TempDir
    Path dir;

    /** Writes a WAV of {@code samples} in the given format (little-endian 16-bit when 16 bits). */
    static Path wav(Path file, float rate, int bits, int channels, short[] samples) throws IOException {
        AudioFormat format = new AudioFormat(rate, bits, channels, true, false);
        int frameBytes = bits / 8 * channels;
        ByteBuffer data = ByteBuffer.allocate(samples.length * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            for (int c = 0; c < channels; c++) {
                if (bits == 16) {
                    data.putShort(s);
                } else {
                    data.put((byte) (s >> 8));
                }
            }
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data.array()), format,
                samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) ((i * 97) % 20000 - 10000);
        }
        return s;
    }

    @Test
    void eachSampleBecomesItsMuLawCodeFrameAfterFrameAndTheFileLoops() throws IOException {
        short[] samples = ramp(400); // two and a half frames
        WavFile wav = WavFile.read(wav(dir.resolve("ramp.wav"), 8000, 16, 1, samples));
        byte[] expected = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            expected[i] = MuLaw.encode(samples[i]);
        }
        assertArrayEquals(expected, wav.codes());
        byte[] first = wav.frame(0);
        assertEquals(TestTone.SAMPLES_PER_FRAME, first.length);
        for (int i = 0; i < 160; i++) {
            assertEquals(expected[i], first[i]);
        }
        byte[] third = wav.frame(2); // samples 320..479: 80 from the end, then from the start again
        for (int i = 0; i < 160; i++) {
            assertEquals(expected[(320 + i) % 400], third[i], "sample " + i);
        }
        assertEquals("ramp.wav (0.1 s, looped) as PCMU", wav.describe());
    }

    @Test
    void aCdQualityStereoFileIsRefusedWithWhatItIsAndHowToConvertIt() throws IOException {
        Path file = wav(dir.resolve("music.wav"), 44100, 16, 2, ramp(100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavFile.read(file));
        assertEquals("--wav " + file + ": PCM_SIGNED 16-bit, 2 channel(s), 44100 Hz; sipice plays 16-bit PCM, "
                + "mono, 8000 Hz WAV files (convert with: sox IN.wav -r 8000 -c 1 -b 16 -e signed OUT.wav)",
                e.getMessage());
    }

    @Test
    void eightBitAudioIsRefused() throws IOException {
        Path file = wav(dir.resolve("low.wav"), 8000, 8, 1, ramp(100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavFile.read(file));
        assertTrue(e.getMessage().contains("8-bit, 1 channel(s), 8000 Hz; sipice plays 16-bit PCM"), e.getMessage());
    }

    @Test
    void aFileThatIsNotWavOrIsMissingIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio at all");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavFile.read(text)).getMessage()
                .startsWith("--wav " + text + ": not a WAV file"));
        Path missing = dir.resolve("missing.wav");
        assertEquals("--wav " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> WavFile.read(missing)).getMessage());
    }

    @Test
    void callWithABadWavExits2WithReasonBadWav() throws IOException {
        Path file = wav(dir.resolve("music.wav"), 44100, 16, 2, ramp(100));
        CliConsistencyTest.Run run = CliConsistencyTest.run("call", "sip:bob@127.0.0.1:5099", "--wav", file.toString());
        assertEquals(ExitCode.USAGE, run.code(), run.out());
        assertTrue(run.out().contains("RESULT status=failed reason=bad_wav"), run.out());
        assertTrue(run.out().contains("44100 Hz"), run.out());
    }
}
