package de.stimmung.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming sample-rate converter between any two integer rates, by polyphase windowed-sinc
 * interpolation with a Kaiser window and the exact rational factor L/M = outRate/inRate
 * reduced by their gcd.
 *
 * <p><b>Filter.</b> The low-pass cutoff (-6 dB point) is {@link #CUTOFF_FACTOR} (0.91) times
 * the lower Nyquist frequency {@code 0.5 * min(inRate, outRate)}; the transition band is
 * symmetric around it, so the stop band begins exactly at that Nyquist frequency and the pass
 * band ends at 0.82 of it (6.56 kHz for 16 kHz output). The Kaiser design targets
 * {@link #STOPBAND_ATTENUATION_DB} (80 dB) of stop-band attenuation, so anything that would
 * alias (or image) is at least 60 dB down with margin. Every phase's taps are normalised to sum
 * to 1, so DC passes with unity gain. The coefficient table holds L phases of
 * {@link #tapsPerPhase()} floats, precomputed per instance.
 *
 * <p><b>Timing and length.</b> Output sample {@code k} is the band-limited input evaluated at
 * input time {@code k * inRate / outRate} (input samples), i.e. zero group delay: the filter is
 * centred, input before the start is taken as zero, and {@link #flush} supplies the zeros after
 * the end. After {@code n} input samples and a flush, exactly {@link #outputLength(long)
 * ceil(n * outRate / inRate)} samples have been produced. Before the flush, output lags input by
 * half the filter length ({@link #tapsPerPhase()}/2 input samples).
 *
 * <p><b>Chunking invariance.</b> Each output sample is one dot product over the same input
 * samples, in the same order, with the same coefficients, whatever the split of the input into
 * {@code process} calls; so the output is bit-identical for any chunking. Phase bookkeeping is
 * integer arithmetic and never drifts. Equal rates copy samples unchanged.
 *
 * <p><b>Cost.</b> {@code process} and {@code flush} allocate nothing. Not thread-safe: one
 * instance per stream. After {@link #flush} the instance is back in its initial state and can
 * take the next stream.
 */
public final class Resampler {

    /** Cutoff (-6 dB) as a fraction of the lower of the two Nyquist frequencies. */
    public static final double CUTOFF_FACTOR = 0.91;
    /** Stop-band attenuation the Kaiser window is designed for, in dB. */
    public static final double STOPBAND_ATTENUATION_DB = 80.0;

    private static final int INPUT_BLOCK = 4096;
    private static final int OUTPUT_BLOCK = 1024;

    private final int inRateHz;
    private final int outRateHz;
    /** Interpolation factor: outRate / gcd. */
    private final int up;
    /** Decimation factor: inRate / gcd. */
    private final int down;
    /** Filter half-width in input samples; output phase p of base q reads inputs q-half+1 .. q+half. */
    private final int half;
    private final int taps;
    private final boolean passthrough;
    /** {@code coefficients[p * taps + i]} weighs input {@code q - half + 1 + i} for output phase p. */
    private final float[] coefficients;
    /**
     * Whether integer upsampling (down = 1, e.g. 8 kHz to 16 kHz) takes the block path of
     * {@link #emitUpsampledBlocks}; false only for tests that compare it with the general path.
     */
    private final boolean blockUpsampling;

    /** Input history; {@code history[0]} is global input index {@code historyStart}. */
    private final float[] history;
    private final float[] outputBlock;
    private int historyLength;
    private long historyStart;
    /** Real input samples received since the start of the stream. */
    private long received;
    /** Next output k satisfies k * down = base * up + phase, 0 &lt;= phase &lt; up. */
    private long base;
    private int phase;

    /**
     * Builds the filter for one rate pair.
     *
     * @param inRateHz  input samples per second, &gt; 0
     * @param outRateHz output samples per second, &gt; 0
     * @throws IllegalArgumentException if a rate is not positive, or the reduced ratio needs a
     *                                  coefficient table beyond 16 M floats (pick rates with a larger gcd)
     */
    public Resampler(int inRateHz, int outRateHz) {
        this(inRateHz, outRateHz, true);
    }

    /** As {@link #Resampler(int, int)}; {@code blockUpsampling=false} keeps integer upsampling on the general path (for tests). */
    Resampler(int inRateHz, int outRateHz, boolean blockUpsampling) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRateHz + " Hz -> "
                    + outRateHz + " Hz");
        }
        this.inRateHz = inRateHz;
        this.outRateHz = outRateHz;
        int g = gcd(inRateHz, outRateHz);
        this.up = outRateHz / g;
        this.down = inRateHz / g;
        this.passthrough = inRateHz == outRateHz;
        if (passthrough) {
            half = 0;
            taps = 0;
            coefficients = new float[0];
            history = new float[0];
            outputBlock = new float[OUTPUT_BLOCK];
            this.blockUpsampling = false;
            return;
        }
        double nyquistHz = 0.5 * Math.min(inRateHz, outRateHz);
        double cutoff = CUTOFF_FACTOR * nyquistHz / inRateHz;
        double transition = 2 * (1 - CUTOFF_FACTOR) * nyquistHz / inRateHz;
        int length = (int) Math.ceil((STOPBAND_ATTENUATION_DB - 7.95) / (14.36 * transition)) + 1;
        // The +ceil(down/up) keeps every output's input window overlapping the previous one's, so
        // the history never has to skip ahead of the input it has received.
        this.half = Math.max((length + 1) / 2, (down + up - 1) / up + 1);
        this.taps = 2 * half;
        if ((long) up * taps > (1 << 24)) {
            throw new IllegalArgumentException(inRateHz + " Hz -> " + outRateHz + " Hz reduces to " + up + "/" + down
                    + " and would need " + (long) up * taps + " filter coefficients; resample via a rate with "
                    + "a larger common divisor (e.g. 8000, 16000, 44100, 48000)");
        }
        this.coefficients = KaiserSinc.polyphase(up, half, cutoff, KaiserSinc.beta(STOPBAND_ATTENUATION_DB));
        this.history = new float[taps + INPUT_BLOCK];
        this.outputBlock = new float[Math.max(OUTPUT_BLOCK, Math.max(maxFlushLength(), maxOutputLength(1)))];
        this.blockUpsampling = blockUpsampling && down == 1;
        reset();
    }

    /**
     * Resamples a whole signal in one go: {@link #process} plus {@link #flush} on a fresh
     * instance. Returns a copy when the rates are equal.
     *
     * @return {@link #outputLength(long)} samples at {@code outRateHz}
     */
    public static float[] resample(float[] in, int inRateHz, int outRateHz) {
        Resampler resampler = new Resampler(inRateHz, outRateHz);
        long length = resampler.outputLength(in.length);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(in.length + " samples at " + inRateHz + " Hz give " + length
                    + " samples at " + outRateHz + " Hz, too many for one array; use process() with a sink");
        }
        float[] out = new float[(int) length];
        int written = resampler.process(in, 0, in.length, out, 0);
        written += resampler.flush(out, written);
        assert written == out.length;
        return out;
    }

    /** Output samples a stream of {@code inputLength} samples yields in total: {@code ceil(inputLength * outRate / inRate)}. */
    public long outputLength(long inputLength) {
        return ceilDiv(Math.multiplyExact(inputLength, (long) up), down);
    }

    /**
     * Upper bound on what one {@link #process(float[], int, int, float[], int)} call of {@code len}
     * samples writes: size the output array with it.
     */
    public int maxOutputLength(int len) {
        return (int) Math.min(Integer.MAX_VALUE, ceilDiv((long) len * up, down) + 1);
    }

    /** Upper bound on what {@link #flush(float[], int)} writes. */
    public int maxFlushLength() {
        return (int) ceilDiv((long) half * up, down) + 1;
    }

    /**
     * Feeds {@code in[off..off+len)} and writes every output sample that is now complete to
     * {@code out[outOff..]}. Allocates nothing.
     *
     * @return the number of samples written, at most {@link #maxOutputLength(int) maxOutputLength(len)}
     * @throws IndexOutOfBoundsException if the input range is outside {@code in}, or {@code out} is too small
     */
    public int process(float[] in, int off, int len, float[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (passthrough) {
            System.arraycopy(in, off, out, outOff, len);
            return len;
        }
        int written = 0;
        while (len > 0) {
            int n = Math.min(len, history.length - historyLength);
            System.arraycopy(in, off, history, historyLength, n);
            historyLength += n;
            received += n;
            off += n;
            len -= n;
            written += emit(out, outOff + written, received - 1);
            compact();
        }
        return written;
    }

    /**
     * Feeds {@code in[off..off+len)} and hands every completed output sample to {@code sink}, in
     * runs of at most about 1024 samples from an internal buffer. Allocates nothing.
     */
    public void process(float[] in, int off, int len, FloatSink sink) {
        Objects.checkFromIndexSize(off, len, in.length);
        // Largest input piece whose output surely fits the block: ceil(piece * up / down) + 1 <= block.
        int piece = Math.max(1, (int) Math.min(INPUT_BLOCK, ((long) (outputBlock.length - 2) * down) / up));
        while (len > 0) {
            int n = Math.min(len, passthrough ? OUTPUT_BLOCK : piece);
            int written = process(in, off, n, outputBlock, 0);
            if (written > 0) {
                sink.accept(outputBlock, 0, written);
            }
            off += n;
            len -= n;
        }
    }

    /**
     * Ends the stream: pads the input with zeros, writes the remaining output samples to
     * {@code out[outOff..]} so that the total equals {@link #outputLength(long)}, and resets this
     * instance for a new stream.
     *
     * @return the number of samples written, at most {@link #maxFlushLength()}
     */
    public int flush(float[] out, int outOff) {
        if (passthrough) {
            return 0;
        }
        long lastInput = received - 1;
        int written = 0;
        // The zero tail goes through the history like input, so flushed outputs are computed
        // exactly as if the zeros had been real samples.
        for (int zeros = half; zeros > 0; ) {
            int n = Math.min(zeros, history.length - historyLength);
            Arrays.fill(history, historyLength, historyLength + n, 0f);
            historyLength += n;
            zeros -= n;
            written += emit(out, outOff + written, lastInput);
            compact();
        }
        reset();
        return written;
    }

    /** Like {@link #flush(float[], int)}, handing the remaining samples to {@code sink}. */
    public void flush(FloatSink sink) {
        int written = flush(outputBlock, 0);
        if (written > 0) {
            sink.accept(outputBlock, 0, written);
        }
    }

    /** Input rate in Hz. */
    public int inRateHz() {
        return inRateHz;
    }

    /** Output rate in Hz. */
    public int outRateHz() {
        return outRateHz;
    }

    /** Filter taps per output sample (0 for equal rates); the output lags the input by half of this until {@link #flush}. */
    public int tapsPerPhase() {
        return taps;
    }

    /** Number of polyphase branches, L = outRate / gcd(inRate, outRate). */
    public int phases() {
        return up;
    }

    /**
     * Computes outputs while their whole input window lies inside the history and their time
     * is at most {@code lastTime} (input index of the last real sample). Four outputs at a time
     * where it can: each keeps its own sum over the same products in the same order (so every
     * output is bit-identical to the one-at-a-time loop), but the four independent chains of
     * float additions overlap in the CPU instead of each waiting for its previous addition; the
     * one-at-a-time loop ran at the adder's latency (8 kHz telephone audio spent about a third
     * of its extraction time here). Integer upsampling goes through {@link #emitUpsampledBlocks}
     * first, which leaves these loops nothing to do.
     */
    private int emit(float[] out, int outOff, long lastTime) {
        long historyEnd = historyStart + historyLength;
        int written = blockUpsampling ? emitUpsampledBlocks(out, outOff, lastTime) : 0;
        while (true) {
            long b0 = base;
            int p0 = phase;
            int p1 = p0 + down;
            long b1 = b0 + p1 / up;
            p1 %= up;
            int p2 = p1 + down;
            long b2 = b1 + p2 / up;
            p2 %= up;
            int p3 = p2 + down;
            long b3 = b2 + p3 / up;
            p3 %= up;
            if (!(b3 + half < historyEnd && b3 <= lastTime)) {
                break; // bases never decrease: the fourth output is the last to become computable
            }
            int x0 = (int) (b0 - half + 1 - historyStart);
            int x1 = (int) (b1 - half + 1 - historyStart);
            int x2 = (int) (b2 - half + 1 - historyStart);
            int x3 = (int) (b3 - half + 1 - historyStart);
            int c0 = p0 * taps;
            int c1 = p1 * taps;
            int c2 = p2 * taps;
            int c3 = p3 * taps;
            float a0 = 0f;
            float a1 = 0f;
            float a2 = 0f;
            float a3 = 0f;
            for (int i = 0; i < taps; i++) {
                a0 += coefficients[c0 + i] * history[x0 + i];
                a1 += coefficients[c1 + i] * history[x1 + i];
                a2 += coefficients[c2 + i] * history[x2 + i];
                a3 += coefficients[c3 + i] * history[x3 + i];
            }
            out[outOff + written] = a0;
            out[outOff + written + 1] = a1;
            out[outOff + written + 2] = a2;
            out[outOff + written + 3] = a3;
            written += 4;
            int next = p3 + down;
            base = b3 + next / up;
            phase = next % up;
        }
        while (base + half < historyEnd && base <= lastTime) {
            int x = (int) (base - half + 1 - historyStart);
            int c = phase * taps;
            float acc = 0f;
            for (int i = 0; i < taps; i++) {
                acc += coefficients[c + i] * history[x + i];
            }
            out[outOff + written++] = acc;
            phase += down;
            if (phase >= up) {
                base += phase / up;
                phase %= up;
            }
        }
        return written;
    }

    /**
     * Integer upsampling (down = 1): every input position (base) q yields the outputs of all
     * {@code up} phases, and the outputs of one phase at consecutive bases read windows shifted
     * by one input sample. So eight consecutive bases are computed per phase with one
     * coefficient load per tap, {@code s_j += c[i] * history[x + i + j]} for j = 0..7: eight
     * independent chains of adjacent loads, which the JIT packs into SIMD multiplies and adds
     * (about 3x the four-output loop on 8 kHz to 16 kHz). Each output still receives the same
     * products in the same order (tap 0 first) as the one-at-a-time loop, starting from 0, with
     * no fused multiply-add (Java forbids fusing), so every output is bit-identical to the
     * general path. The last fewer than eight computable bases are left to the general loops.
     *
     * @return the number of samples written
     */
    private int emitUpsampledBlocks(float[] out, int outOff, long lastTime) {
        if (phase != 0) {
            return 0; // cannot happen with down = 1 (a base's phases complete together); the general loop would finish it
        }
        long historyEnd = historyStart + historyLength;
        // Base q is computable while q + half < historyEnd and q <= lastTime.
        long lastBase = Math.min(historyEnd - half - 1, lastTime);
        int written = 0;
        float[] h = history;
        float[] k = coefficients;
        while (base + 7 <= lastBase) {
            int x = (int) (base - half + 1 - historyStart);
            int o = outOff + written;
            for (int p = 0; p < up; p++) {
                int c = p * taps;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
                for (int i = 0; i < taps; i++) {
                    float w = k[c + i];
                    int j = x + i;
                    s0 += w * h[j];
                    s1 += w * h[j + 1];
                    s2 += w * h[j + 2];
                    s3 += w * h[j + 3];
                    s4 += w * h[j + 4];
                    s5 += w * h[j + 5];
                    s6 += w * h[j + 6];
                    s7 += w * h[j + 7];
                }
                out[o + p] = s0;
                out[o + up + p] = s1;
                out[o + 2 * up + p] = s2;
                out[o + 3 * up + p] = s3;
                out[o + 4 * up + p] = s4;
                out[o + 5 * up + p] = s5;
                out[o + 6 * up + p] = s6;
                out[o + 7 * up + p] = s7;
            }
            written += 8 * up;
            base += 8;
        }
        return written;
    }

    /** Drops history no future output reads. */
    private void compact() {
        long keepFrom = base - half + 1;
        int drop = (int) Math.min(historyLength, keepFrom - historyStart);
        if (drop > 0) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    /** Forgets all input so far: the instance starts a new stream (as after {@link #flush}). */
    public void reset() {
        // half-1 zeros stand for the silence before the first sample, so output 0 is centred on input 0.
        historyStart = -(half - 1);
        historyLength = half - 1;
        Arrays.fill(history, 0, historyLength, 0f);
        received = 0;
        base = 0;
        phase = 0;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
