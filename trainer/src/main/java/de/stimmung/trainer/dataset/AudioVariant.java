package de.stimmung.trainer.dataset;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.TelephoneChannel;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A way of hearing a recording, for augmentation and for evaluation by channel: the recording as
 * it is, played faster or slower, or received through a {@link TelephoneChannel}. A variant is a
 * pure function of the recording's audio and content hash, so its feature vectors can be cached
 * under {@code contentSha256 + cacheSuffix()}.
 */
public interface AudioVariant {

    /** Appended to the recording's content hash to form the cache key; empty for the original. */
    String cacheSuffix();

    /** A short name for logs and progress bars. */
    String label();

    /**
     * The variant's audio.
     *
     * @param audio         the decoded recording
     * @param contentSha256 the recording file's SHA-256 (hex), to seed per-recording random draws
     */
    PcmAudio apply(PcmAudio audio, String contentSha256);

    /** The recording as it is. */
    static AudioVariant original() {
        return new Speed(1.0);
    }

    /**
     * The samples played at {@code factor} times their rate (0.9 = 10 % slower and lower, as
     * another, larger speaker might sound).
     */
    static AudioVariant speed(double factor) {
        return new Speed(factor);
    }

    /** Through a clean telephone line with the given law (band limit and companding only). */
    static AudioVariant telephone(TelephoneChannel.Law law) {
        return new Line(TelephoneChannel.clean(law), law == TelephoneChannel.Law.MU_LAW ? "mulaw8k" : "alaw8k");
    }

    /**
     * Copy number {@code copy} of a recording through a randomly drawn telephone line
     * ({@link TelephoneChannel#random}), after a speed change of {@code speedFactor}; the line is
     * drawn from the seed, the copy number and the recording's content, so every recording meets
     * other lines and a rerun meets the same ones.
     */
    static AudioVariant randomTelephone(long seed, int copy, double speedFactor) {
        return new RandomLine(seed, copy, new Speed(speedFactor));
    }

    /** Speed change by relabelling the sample rate. */
    record Speed(double factor) implements AudioVariant {
        public Speed {
            if (!(factor >= 0.5 && factor <= 2.0)) {
                throw new IllegalArgumentException("speed factor " + factor + " is outside 0.5..2.0");
            }
        }

        @Override
        public String cacheSuffix() {
            return factor == 1.0 ? "" : String.format(Locale.ROOT, "-speed%.3f", factor);
        }

        @Override
        public String label() {
            return factor == 1.0 ? "clean" : String.format(Locale.ROOT, "x%.2f", factor);
        }

        @Override
        public PcmAudio apply(PcmAudio audio, String contentSha256) {
            return factor == 1.0 ? audio
                    : new PcmAudio(audio.samples(), (int) Math.round(audio.sampleRateHz() * factor));
        }
    }

    /** A fixed telephone line. */
    record Line(TelephoneChannel channel, String label) implements AudioVariant {
        @Override
        public String cacheSuffix() {
            return "-tel-" + channel.describe();
        }

        @Override
        public PcmAudio apply(PcmAudio audio, String contentSha256) {
            return channel.apply(audio.samples(), audio.sampleRateHz());
        }
    }

    /** A telephone line drawn per recording. */
    record RandomLine(long seed, int copy, Speed speed) implements AudioVariant {
        @Override
        public String cacheSuffix() {
            return speed.cacheSuffix() + "-randomtel" + TelephoneChannel.REVISION + "-s" + seed + "-c" + copy;
        }

        @Override
        public String label() {
            return (speed.factor() == 1.0 ? "" : speed.label() + " ") + "telephone #" + copy;
        }

        /** The line this variant uses for a recording. */
        public TelephoneChannel channelFor(String contentSha256) {
            long h = seed * 0x9E3779B97F4A7C15L + copy;
            h ^= Long.parseUnsignedLong(contentSha256.substring(0, 15), 16);
            return TelephoneChannel.random(new SplittableRandom(h));
        }

        @Override
        public PcmAudio apply(PcmAudio audio, String contentSha256) {
            PcmAudio played = speed.apply(audio, contentSha256);
            return channelFor(contentSha256).apply(played.samples(), played.sampleRateHz());
        }
    }
}
