package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stimmung features}: prints the feature vector of WAV files, one JSON object per line,
 * or with {@code --describe} the feature spec (version, parameters, every feature name).
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Extract feature vectors of WAV files as JSON lines, or --describe the feature set.")
final class FeaturesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--describe", description = "Print the feature spec: version hash, parameters, every feature name.")
    boolean describe;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "WAV files or folders of them (searched recursively).")
    List<Path> paths = List.of();

    @Override
    public Integer call() throws Exception {
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        PrintWriter out = spec.commandLine().getOut();
        if (describe) {
            fx.spec().describe().forEach(out::println);
            out.flush();
            return 0;
        }
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give WAV files or folders, or --describe");
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : AudioInputs.wavFiles(spec.commandLine(), paths)) {
            PcmAudio audio = WavFile.read(file);
            float[] v = fx.extract(audio.samples(), audio.sampleRateHz());
            ObjectNode line = json.createObjectNode();
            line.put("file", file.toString());
            line.put("featureSpec", fx.version());
            line.put("durationMs", Math.round(audio.durationSeconds() * 1000));
            var arr = line.putArray("features");
            for (float f : v) {
                arr.add(f);
            }
            out.println(json.writeValueAsString(line));
        }
        out.flush();
        return 0;
    }
}
