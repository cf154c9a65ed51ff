package org.sipice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A WAV file played as PCMU: 16-bit linear PCM, mono, 8000 samples/s (what G.711 codes, RFC 3551
 * §4.5.14), read whole with javax.sound.sampled, each sample mu-law coded ({@link MuLaw}); looped
 * for as long as the call lasts. Any other format is refused with what the file is and how to
 * convert it: resampling is not this tool's job.
 */
final class WavFile implements AudioSource {
    /** Ten minutes at 8 kHz: longer files are refused rather than held in memory. */
    static final long MAX_SAMPLES = 10L * 60 * TestTone.SAMPLE_RATE;

    private final String name;
    private final byte[] codes;

    private WavFile(String name, byte[] codes) {
        this.name = name;
        this.codes = codes;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static WavFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--wav " + file + ": no such file");
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            boolean pcm16 = f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED) && f.getSampleSizeInBits() == 16;
            if (!pcm16 || f.getChannels() != 1 || Math.round(f.getSampleRate()) != TestTone.SAMPLE_RATE) {
                throw new IllegalArgumentException("--wav " + file + ": " + describe(f) + "; sipice plays 16-bit "
                        + "PCM, mono, 8000 Hz WAV files (convert with: sox IN.wav -r 8000 -c 1 -b 16 -e signed OUT.wav)");
            }
            long frames = in.getFrameLength();
            if (frames > MAX_SAMPLES) {
                throw new IllegalArgumentException("--wav " + file + ": " + frames / TestTone.SAMPLE_RATE
                        + " s long; at most " + MAX_SAMPLES / TestTone.SAMPLE_RATE + " s");
            }
            byte[] pcm = in.readNBytes((int) Math.min(MAX_SAMPLES, Math.max(0, frames)) * 2);
            if (pcm.length < 2) {
                throw new IllegalArgumentException("--wav " + file + ": no samples");
            }
            byte[] codes = new byte[pcm.length / 2];
            for (int i = 0; i < codes.length; i++) {
                int lo = pcm[2 * i + (f.isBigEndian() ? 1 : 0)] & 0xFF;
                int hi = pcm[2 * i + (f.isBigEndian() ? 0 : 1)];
                codes[i] = MuLaw.encode((short) ((hi << 8) | lo));
            }
            return new WavFile(file.getFileName().toString(), codes);
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException("--wav " + file + ": not a WAV file javax.sound can read ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--wav " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static String describe(AudioFormat f) {
        return String.format(Locale.ROOT, "%s %d-bit, %d channel(s), %.0f Hz", f.getEncoding(), f.getSampleSizeInBits(),
                f.getChannels(), f.getSampleRate());
    }

    @Override
    public byte[] frame(long index) {
        byte[] frame = new byte[TestTone.SAMPLES_PER_FRAME];
        long start = index * TestTone.SAMPLES_PER_FRAME;
        for (int i = 0; i < frame.length; i++) {
            frame[i] = codes[(int) ((start + i) % codes.length)];
        }
        return frame;
    }

    /** The mu-law codes of the whole file, once. */
    byte[] codes() {
        return codes.clone();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (%.1f s, looped) as PCMU", name, codes.length / (double) TestTone.SAMPLE_RATE);
    }
}
