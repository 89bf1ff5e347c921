package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StreamConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stimmung consume}: prints emotion events as JSON lines whose keys are the EmotionEvent field names. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print emotion events as they arrive, one JSON object per line.")
final class ConsumeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = StreamConfig.DEFAULT_EVENTS_TOPIC, description = "Topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Mixin
    ReadOptions read;

    @Override
    public Integer call() throws Exception {
        Map<String, String> clientProperties = kafka.requireClusterAndRegistry(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        new TopicReader<EmotionEvent>(kafka, clientProperties, read, spec.commandLine().getErr()).read(topic,
                RegistryAvroSerde.of(EmotionEvent.class, clientProperties, false).deserializer(), null, () -> { },
                r -> {
                    out.println(json.writeValueAsString(toJson(json, r.value())));
                    out.flush();
                    return true;
                });
        out.flush();
        return 0;
    }

    /**
     * An event as JSON with the schema's field names; times as epoch milliseconds; a no-speech
     * event has {@code "speech":false} and null emotion, confidence and probabilities;
     * {@code scoredBy} is null unless a per-channel model scored it.
     */
    static ObjectNode toJson(ObjectMapper json, EmotionEvent e) {
        ObjectNode n = json.createObjectNode();
        n.put("callId", e.getCallId());
        n.put("channel", e.getChannel());
        n.put("utteranceId", e.getUtteranceId());
        n.put("startTimeMs", e.getStartTimeMs().toEpochMilli());
        n.put("endTimeMs", e.getEndTimeMs().toEpochMilli());
        n.put("speech", e.getSpeech());
        n.put("emotion", e.getEmotion());
        n.put("confidence", e.getConfidence());
        if (e.getProbabilities() == null) {
            n.putNull("probabilities");
        } else {
            ObjectNode probs = n.putObject("probabilities");
            for (de.stimmung.model.Emotion label : de.stimmung.model.Emotion.values()) {
                Double p = e.getProbabilities().get(label.label());
                probs.put(label.label(), p == null ? 0.0 : p);
            }
        }
        n.put("scoredBy", e.getScoredBy());
        n.put("modelVersion", e.getModelVersion());
        n.put("featureSpecVersion", e.getFeatureSpecVersion());
        n.put("processingTimeMs", e.getProcessingTimeMs());
        return n;
    }
}
