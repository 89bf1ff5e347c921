package de.stimmung.audio;

import java.util.Objects;

/**
 * Mono audio as full-scale float samples (nominally in [-1, 1]) at {@code sampleRateHz} samples
 * per second. The array is not copied: whoever builds the record hands it over and must not
 * modify it afterwards. Immutable by that convention, hence safe to share between threads.
 *
 * @param samples      mono samples, full scale 1.0; never null
 * @param sampleRateHz samples per second, &gt; 0
 */
public record PcmAudio(float[] samples, int sampleRateHz) {

    /** @throws IllegalArgumentException if {@code sampleRateHz} is not positive */
    public PcmAudio {
        Objects.requireNonNull(samples, "samples");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRateHz + " Hz");
        }
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Duration in seconds: {@code length() / sampleRateHz}. */
    public double durationSeconds() {
        return samples.length / (double) sampleRateHz;
    }

    /** This audio at another rate, via {@link Resampler#resample}; returns {@code this} if the rate is already {@code targetRateHz}. */
    public PcmAudio resampledTo(int targetRateHz) {
        if (targetRateHz == sampleRateHz) {
            return this;
        }
        return new PcmAudio(Resampler.resample(samples, sampleRateHz, targetRateHz), targetRateHz);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + samples.length + " samples at " + sampleRateHz + " Hz]";
    }
}
