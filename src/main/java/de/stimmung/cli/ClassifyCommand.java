package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.audio.AudioFormatException;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.SampleCodec;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.features.UtteranceExtraction;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stimmung classify}: the emotion of WAV files without Kafka, one JSON object per line
 * with the same extractor and model as the streaming service; a file without speech gets no
 * emotion. A file that cannot be classified is reported on stderr with its name and the reason
 * and the others go on; the exit status is then 1. A truncated file is classified from what is
 * there, with a warning on stderr.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify WAV files offline (no Kafka): one JSON line per file with every label's probability,"
                + " or \"emotion\":null,\"speech\":false for a file without speech.")
final class ClassifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "ONNX model file. Default: the model shipped in the jar (onnx-models/).")
    Path model;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "WAV files or folders of them (searched recursively).")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        List<Path> files = AudioInputs.wavFiles(spec.commandLine(), paths);
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper json = new ObjectMapper();
        int failed = 0;
        try (EmotionScorer scorer = ModelOption.load(model, fx)) {
            for (Path file : files) {
                PcmAudio audio;
                EmotionScorer.Scored p;
                try {
                    audio = readFinite(file, err);
                    p = scoreIfSpeech(fx, scorer, audio);
                } catch (IOException | RuntimeException e) {
                    // one broken file must not stop the folder: report it, classify the rest, exit 1
                    failed++;
                    err.println("error: " + namingTheFile(file, e));
                    err.flush();
                    continue;
                }
                out.println(json.writeValueAsString(line(json, file.toString(), p, Math.round(audio.durationSeconds() * 1000))));
                out.flush();
            }
        }
        out.flush();
        if (failed > 0) {
            err.println("error: " + failed + " of " + files.size() + " files could not be classified (see above)");
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * The file's audio, with a warning on {@code err} if it is truncated.
     *
     * @throws AudioFormatException if a sample is NaN or infinite (naming the sample and its time)
     */
    static PcmAudio readFinite(Path file, PrintWriter err) throws IOException {
        WavFile.Contents wav = WavFile.readContents(file);
        if (wav.isTruncated()) {
            err.println("warning: " + wav.truncationNotice(file.toString()));
            err.flush();
        }
        PcmAudio audio = wav.audio();
        int bad = SampleCodec.indexOfNonFinite(audio.samples(), 0, audio.length());
        if (bad >= 0) {
            throw new AudioFormatException(String.format(Locale.ROOT,
                    "%s: sample %d (at %.3f s) is %s; the audio must be finite (repair or re-export the file)",
                    file, bad, (double) bad / audio.sampleRateHz(), audio.samples()[bad]));
        }
        return audio;
    }

    /** The failure's message, starting with the file's name (audio errors already start with it). */
    static String namingTheFile(Path file, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.startsWith(file.toString()) ? message : file + ": " + message;
    }

    /** Every label's probability (and the network that scored it), or null when the audio holds no speech (then it is not scored). */
    static EmotionScorer.Scored scoreIfSpeech(FeatureExtractor fx, EmotionScorer scorer, PcmAudio audio) {
        UtteranceExtraction utterance = fx.start(audio.sampleRateHz());
        utterance.accept(audio.samples());
        float[] features = utterance.finish();
        return utterance.speech().speech() ? scorer.scoreDetailed(features) : null;
    }

    /**
     * The JSON line: file, emotion, confidence, probabilities (every label), speech, durationMs,
     * and for a model with one network per channel {@code scoredBy} ({@code wideband} or
     * {@code telephone}); without speech ({@code scored} null) {@code "emotion":null,"speech":false}
     * and no confidence or probabilities.
     */
    static ObjectNode line(ObjectMapper json, String file, EmotionScorer.Scored scored, long durationMs) {
        ObjectNode line = json.createObjectNode();
        line.put("file", file);
        if (scored == null) {
            line.putNull("emotion");
            line.put("speech", false);
            line.put("durationMs", durationMs);
            return line;
        }
        float[] p = scored.probabilities();
        int best = EmotionScorer.argMax(p);
        line.put("emotion", Emotion.values()[best].label());
        line.put("confidence", p[best]);
        ObjectNode probs = line.putObject("probabilities");
        for (Emotion e : Emotion.values()) {
            probs.put(e.label(), p[e.ordinal()]);
        }
        line.put("speech", true);
        line.put("durationMs", durationMs);
        if (scored.network() != null) {
            line.put("scoredBy", scored.network());
        }
        return line;
    }
}
