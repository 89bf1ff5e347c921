package de.stimmung.bench;

import de.stimmung.features.FeatureExtractor;
import de.stimmung.features.UtteranceExtraction;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Feature extraction speed on one core: each operation extracts one 10 s utterance fed in
 * 100 ms chunks through a reused session (the service's path). Audio seconds per CPU second
 * = 10 x the reported operations per second; {@code decideSpeech=true} adds the speech-presence
 * decision after each utterance. Run:
 * {@code mvn -B -f stimmung.pom.xml -Pbench test-compile exec:exec -Dbench.args=FeatureExtraction}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class FeatureExtractionBenchmark {

    /** Seconds of audio per operation. */
    static final double SECONDS = 10.0;

    @Param({"16000", "8000", "22050"})
    int rateHz;

    /** Whether each operation also asks the session whether the utterance holds speech (the service does). */
    @Param({"false", "true"})
    boolean decideSpeech;

    private float[] audio;
    private int chunk;
    private UtteranceExtraction session;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long operations;

    @Setup
    public void setup() {
        audio = speechLike(SECONDS, rateHz, 42);
        chunk = rateHz / 10;
        session = FeatureExtractor.withDefaults().start(rateHz);
    }

    @Benchmark
    public float[] extractTenSecondsIn100msChunks(Blackhole speech) {
        long start = threads.getCurrentThreadCpuTime();
        session.reset(rateHz);
        for (int off = 0; off < audio.length; off += chunk) {
            session.accept(audio, off, Math.min(chunk, audio.length - off));
        }
        float[] v = session.finish();
        if (decideSpeech) {
            speech.consume(session.speech());
        }
        cpuNanos += threads.getCurrentThreadCpuTime() - start;
        operations++;
        return v;
    }

    /** Prints the figure the README quotes: audio seconds processed per CPU second of this thread. */
    @TearDown
    public void report() {
        if (cpuNanos > 0) {
            System.out.printf(java.util.Locale.ROOT, "%n[%d Hz, speech %s] audio seconds per CPU second: %.0f (%d utterances)%n",
                    rateHz, decideSpeech ? "decided" : "not asked", operations * SECONDS / (cpuNanos / 1e9), operations);
        }
    }

    /** Voiced glides with pauses and noise, like the unit tests' speech-like signal. */
    static float[] speechLike(double seconds, int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * rate)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double f0 = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / rate;
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
            double voiced = 0.4 * syllable * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
            x[i] = (float) (voiced + 0.01 * (2 * r.nextDouble() - 1));
        }
        return x;
    }
}
