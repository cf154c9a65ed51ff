package org.sipice.cli;

/**
 * What the softphone plays as PCMU RTP: 20 ms frames of mu-law bytes (RFC 3551 §4.5.14), one per
 * packet, for as long as the call lasts.
 */
interface AudioSource {

    /** The {@code index}-th frame (0-based) of {@link TestTone#SAMPLES_PER_FRAME} mu-law codes. */
    byte[] frame(long index);

    /** For the ladder, e.g. "a 440 Hz PCMU tone" or "hello.wav (3.2 s, looped) as PCMU". */
    String describe();

    /** The 440 Hz test tone. */
    static AudioSource tone() {
        return new AudioSource() {
            @Override
            public byte[] frame(long index) {
                return TestTone.frame(index);
            }

            @Override
            public String describe() {
                return "a " + (int) TestTone.FREQUENCY_HZ + " Hz PCMU tone";
            }
        };
    }
}
