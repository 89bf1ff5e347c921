package de.stimmung.features;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the speech-presence decision alone, for a 10 s utterance (1000 frames of speech-like
 * F0 and level contours), to set against the extraction of the same 10 s
 * ({@code FeatureExtractionBenchmark}). Run:
 * {@code mvn -B -f stimmung.pom.xml -Pbench test-compile exec:exec -Dbench.args=SpeechDecision}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SpeechDecisionBenchmark {

    private static final int FRAMES = 1000;

    private Contours contours;
    private SpeechDetector detector;

    @Setup
    public void setup() {
        FeatureSpec spec = FeatureSpec.defaults();
        LldLayout layout = spec.layout();
        contours = new Contours(layout.width(), FRAMES);
        SplittableRandom random = new SplittableRandom(1);
        for (int t = 0; t < FRAMES; t++) {
            // syllables of 250 ms: 150 ms voiced with a gliding F0, then 100 ms unvoiced and quieter
            boolean voiced = t % 25 < 15;
            contours.set(layout.f0, t, voiced ? 30 + 3 * Math.sin(t / 12.0) + 0.1 * random.nextDouble() : Double.NaN);
            contours.set(layout.rmsDb, t, voiced ? -20 - 5 * random.nextDouble() : -45 - 5 * random.nextDouble());
        }
        detector = new SpeechDetector(spec, layout);
    }

    @Benchmark
    public SpeechPresence decideTenSeconds() {
        return detector.decide(contours, FRAMES);
    }
}
