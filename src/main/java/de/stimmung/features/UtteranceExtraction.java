package de.stimmung.features;

/**
 * The feature extraction of one utterance, fed incrementally: {@link #accept} takes audio as
 * it arrives (any chunk size, at the rate given at start) and does all frame-level work at
 * once; {@link #finish()} computes only what is left (the last frames, deltas at the edge, the
 * functionals) and returns the feature vector; {@link #speech()} then says whether the
 * utterance holds speech at all. Feeding the same audio in any chunking gives a bit-identical
 * vector. Reusable: {@link #reset(int)} starts the next utterance with the same
 * buffers. Not thread-safe: one instance per stream task or thread.
 *
 * <p>Signal path: input rate -> anti-aliasing resampler -> analysis rate (16 kHz by default)
 * -> DC-blocking high-pass (~13 Hz) -> 25 ms spectral frames every 10 ms, and a low-pass
 * decimated copy (8 kHz) for 40 ms pitch frames on the same 10 ms grid. Frame {@code f} starts
 * at analysis sample {@code f * hop}. An utterance of N analysis samples has
 * {@code max(1, 1 + (N - frame) / hop)} frames; windows reaching past the end read zeros.
 */
public final class UtteranceExtraction {

    /** Lowest and highest input sample rate accepted, in Hz. */
    public static final int MIN_RATE_HZ = 4000;
    public static final int MAX_RATE_HZ = 192000;
    private static final double DC_POLE = 0.995;

    private final FeatureExtractor owner;
    private final AnalysisTables t;
    private final LldLayout layout;
    private final SpectralAnalyzer spectral;
    private final PitchAnalyzer pitch;
    private final FunctionalLayout functionals;
    private final Contours contours;
    private final SpeechDetector speechDetector;
    private final SampleWindow samples;
    private final PitchDecimator decimator;
    private final SampleWindow decimated;
    private final float[] frameBuf;
    private final float[] pitchBuf;
    private final int deltaN;
    private final InputStage input = new InputStage();
    private de.stimmung.audio.Resampler resampler;
    private int inputRateHz;
    private long inputSamples;
    private double dcX;
    private double dcY;
    private int nextSpectral;
    private int nextPitch;
    private int deltasDone;
    private int deltaDeltasDone;
    private boolean finished;
    private int frames;
    private SpeechPresence speech;

    UtteranceExtraction(FeatureExtractor owner, AnalysisTables tables, int inputRateHz) {
        this.owner = owner;
        this.t = tables;
        this.layout = tables.spec.layout();
        spectral = new SpectralAnalyzer(tables, layout);
        pitch = new PitchAnalyzer(tables, layout);
        functionals = new FunctionalLayout(tables.spec);
        contours = new Contours(layout.width(), 256);
        speechDetector = new SpeechDetector(tables.spec, layout);
        samples = new SampleWindow(4 * t.frame);
        decimator = new PitchDecimator(tables, 4 * t.pitchWindow);
        decimated = decimator.output();
        frameBuf = new float[t.frame];
        pitchBuf = new float[t.pitchWindow];
        deltaN = tables.spec.deltaWindow();
        reset(inputRateHz);
    }

    /** Starts a new utterance at the given input rate, keeping the buffers. */
    public void reset(int inputRateHz) {
        checkRate(inputRateHz);
        if (resampler == null || this.inputRateHz != inputRateHz) {
            resampler = inputRateHz == t.spec.sampleRateHz() ? null
                    : new de.stimmung.audio.Resampler(inputRateHz, t.spec.sampleRateHz());
        } else if (resampler != null) {
            resampler.reset();
        }
        this.inputRateHz = inputRateHz;
        inputSamples = 0;
        dcX = 0;
        dcY = 0;
        nextSpectral = 0;
        nextPitch = 0;
        deltasDone = 0;
        deltaDeltasDone = 0;
        finished = false;
        frames = 0;
        speech = null;
        samples.clear();
        decimator.reset();
        contours.clear();
        spectral.reset();
        pitch.reset();
    }

    static void checkRate(int rateHz) {
        if (rateHz < MIN_RATE_HZ || rateHz > MAX_RATE_HZ) {
            throw new IllegalArgumentException("sample rate " + rateHz + " Hz is outside the supported "
                    + MIN_RATE_HZ + ".." + MAX_RATE_HZ + " Hz");
        }
    }

    /** The input sample rate this utterance was started with, in Hz. */
    public int inputRateHz() {
        return inputRateHz;
    }

    /** Input samples accepted so far. */
    public long inputSamples() {
        return inputSamples;
    }

    /** Duration of the audio accepted so far, in milliseconds. */
    public double durationMs() {
        return inputSamples * 1000.0 / inputRateHz;
    }

    /** Frames whose spectral descriptors are already computed. */
    public int framesAnalysed() {
        return nextSpectral;
    }

    /**
     * Feeds {@code len} samples (in [-1, 1] nominally; louder values are analysed as they are)
     * at the utterance's input rate.
     *
     * @throws IllegalArgumentException if a sample is NaN or infinite (nothing of the chunk is
     *                                  used, so the utterance stays consistent)
     * @throws IllegalStateException    after {@link #finish()}
     */
    public void accept(float[] buf, int off, int len) {
        if (finished) {
            throw new IllegalStateException("utterance already finished; call reset() to start the next one");
        }
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        for (int i = off; i < off + len; i++) {
            if (!Float.isFinite(buf[i])) {
                throw new IllegalArgumentException("sample " + (inputSamples + i - off) + " of the utterance is "
                        + buf[i] + "; audio must be finite (chunk of " + len + " samples rejected)");
            }
        }
        inputSamples += len;
        if (resampler == null) {
            input.accept(buf, off, len);
        } else {
            resampler.process(buf, off, len, input);
        }
        advance();
    }

    /** Convenience for {@code accept(buf, 0, buf.length)}. */
    public void accept(float[] buf) {
        accept(buf, 0, buf.length);
    }

    /**
     * Closes the utterance and returns its feature vector (length {@link FeatureSpec#dimension()},
     * every value finite).
     *
     * @throws IllegalStateException if no audio was accepted, or it was already finished
     */
    public float[] finish() {
        if (finished) {
            throw new IllegalStateException("utterance already finished; call reset() to start the next one");
        }
        if (inputSamples == 0) {
            throw new IllegalStateException("cannot extract features of an empty utterance (no samples accepted)");
        }
        if (resampler != null) {
            resampler.flush(input);
        }
        finished = true;
        long n = samples.end();
        frames = n < t.frame ? 1 : (int) (1 + (n - t.frame) / t.hop);
        long decimatedNeeded = (long) (frames - 1) * t.pitchHop + t.pitchWindow;
        decimator.finish(samples, decimatedNeeded);
        while (nextSpectral < frames) {
            spectralFrame();
        }
        while (nextPitch < frames) {
            pitchFrame();
        }
        deltas(frames, true);
        float[] out = new float[owner.dimension()];
        functionals.compute(contours, frames, out);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new IllegalStateException("feature " + owner.spec().featureNames().get(i) + " is " + out[i]
                        + "; this is a bug in the extractor, please report it with the audio");
            }
        }
        return out;
    }

    /**
     * Whether the finished utterance holds speech ({@link SpeechDetector}): decided on the first
     * call from the frame-level descriptors already computed, so the feature vector and the
     * extraction's speed do not change. Valid until {@link #reset(int)}.
     *
     * @throws IllegalStateException before {@link #finish()}
     */
    public SpeechPresence speech() {
        if (!finished) {
            throw new IllegalStateException("speech presence is known once the utterance is finished; call finish() first");
        }
        if (speech == null) {
            speech = speechDetector.decide(contours, frames);
        }
        return speech;
    }

    private void advance() {
        long end = samples.end();
        decimator.advance(samples);
        while ((long) nextSpectral * t.hop + t.frame <= end) {
            spectralFrame();
            deltas(nextSpectral, false);
        }
        while ((long) nextPitch * t.pitchHop + t.pitchWindow <= decimated.end() && nextPitch < nextSpectral) {
            pitchFrame();
        }
        samples.discardBefore(Math.min((long) nextSpectral * t.hop, decimator.firstInputNeeded()));
        decimated.discardBefore((long) nextPitch * t.pitchHop);
    }

    private void spectralFrame() {
        int f = nextSpectral;
        contours.ensureFrame(f);
        long from = (long) f * t.hop;
        if (from + t.frame <= samples.end()) {
            // the steady state reads the window in place; only the zero-padded last frames are copied
            spectral.analyse(samples.array(), samples.offsetOf(from), contours, f);
        } else {
            samples.copy(from, frameBuf, t.frame);
            spectral.analyse(frameBuf, 0, contours, f);
        }
        nextSpectral++;
    }

    private void pitchFrame() {
        int f = nextPitch;
        contours.ensureFrame(f);
        long from = (long) f * t.pitchHop;
        if (from + t.pitchWindow <= decimated.end()) {
            pitch.analyse(decimated.array(), decimated.offsetOf(from), contours, f);
        } else {
            decimated.copy(from, pitchBuf, t.pitchWindow);
            pitch.analyse(pitchBuf, 0, contours, f);
        }
        nextPitch++;
    }

    /**
     * Regression deltas of MFCCs and loudness, then delta-deltas, for every frame whose
     * +-N neighbourhood is known; at the end ({@code last}) the upper edge repeats the last frame.
     */
    private void deltas(int frames, boolean last) {
        int deltaLimit = last ? frames : frames - deltaN;
        for (; deltasDone < deltaLimit; deltasDone++) {
            for (int c = 0; c < layout.mfccCount; c++) {
                delta(layout.mfcc + c, layout.mfccDelta + c, deltasDone, frames);
            }
            delta(layout.loudness, layout.loudnessDelta, deltasDone, frames);
        }
        int ddLimit = last ? frames : deltasDone - deltaN;
        for (; deltaDeltasDone < ddLimit; deltaDeltasDone++) {
            for (int c = 0; c < layout.mfccCount; c++) {
                delta(layout.mfccDelta + c, layout.mfccDeltaDelta + c, deltaDeltasDone, frames);
            }
        }
    }

    private void delta(int from, int to, int f, int frames) {
        contours.set(to, f, regressionDelta(contours.column(from), frames, f, deltaN));
    }

    /**
     * The regression delta {@code sum_n n (x[t+n] - x[t-n]) / (2 sum_n n^2)} for n = 1..N, indices
     * clamped to [0, frames - 1] (edges repeat the first and last frame). A ramp of slope s gives s
     * wherever the +-N neighbourhood lies inside the contour.
     */
    static double regressionDelta(float[] x, int frames, int t, int halfWidth) {
        double acc = 0;
        double norm = 0;
        for (int n = 1; n <= halfWidth; n++) {
            int hi = Math.min(t + n, frames - 1);
            int lo = Math.max(t - n, 0);
            acc += n * ((double) x[hi] - x[lo]);
            norm += 2.0 * n * n;
        }
        return acc / norm;
    }

    /** Receives analysis-rate samples (from the resampler or directly) and DC-blocks them. */
    private final class InputStage implements de.stimmung.audio.FloatSink {
        @Override
        public void accept(float[] buf, int off, int len) {
            float[] dst = samples.reserve(len);
            int o = samples.offsetOf(samples.end());
            double x1 = dcX;
            double y1 = dcY;
            for (int i = 0; i < len; i++) {
                double x = buf[off + i];
                y1 = x - x1 + DC_POLE * y1;
                x1 = x;
                dst[o + i] = (float) y1;
            }
            dcX = x1;
            dcY = y1;
            samples.commit(len);
        }
    }
}
