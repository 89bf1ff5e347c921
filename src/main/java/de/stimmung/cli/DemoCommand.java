package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stimmung demo}: embedded broker and schema registry, the service, a producer replaying
 * recordings as calls and a console consumer, end to end in one command. Audio: {@code --audio DIR}, else the EmoDB
 * copy at ../shared/emodb if present, else the German clips shipped in the jar.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything end to end: embedded Kafka and schema registry, the service, a producer and a"
                + " console consumer.")
final class DemoCommand implements Callable<Integer> {

    /** The clips shipped in the jar (espeak-ng German speech, 8 kHz mu-law; see demo/make-clips.sh). */
    static final List<String> BUNDLED = List.of("01-laut-schnell", "02-ruhig", "03-langsam-tief", "04-froh",
            "05-monoton", "06-hastig");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--audio", description = "Folder of WAV files to replay. Default: ../shared/emodb if present, else the shipped clips.")
    Path audio;

    @Option(names = "--max-files", defaultValue = "8", description = "Replay at most this many files. Default: ${DEFAULT-VALUE}.")
    int maxFiles;

    @Option(names = "--fast", description = "Send as fast as possible instead of at speaking speed.")
    boolean fast;

    @Option(names = "--model", description = "ONNX model file. Default: the model shipped in the jar.")
    Path model;

    @CommandLine.Mixin
    RegistryOptions registryOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, PcmAudio> recordings = recordings(out);
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        StreamConfig config = StreamConfig.defaults().withOverrides(Map.of("state.dir",
                Files.createTempDirectory("stimmung-demo-state").toString()));
        try (EmotionScorer scorer = ModelOption.load(model, fx);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            out.println("embedded Kafka broker at " + broker.bootstrapServers());
            out.flush();
            try (EmbeddedSchemaRegistry registry = registryOptions.start(broker.bootstrapServers())) {
                out.println("embedded schema registry at " + registry.url());
                out.flush();
                run(out, recordings, config.withSchemaRegistry(registry.url()), broker, fx, scorer);
            }
        }
        return 0;
    }

    private void run(PrintWriter out, Map<String, PcmAudio> recordings, StreamConfig config, EmbeddedKafkaBroker broker,
            FeatureExtractor fx, EmotionScorer scorer) throws Exception {
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), fx, scorer)) {
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the service did not start within 60 s");
            }
            out.println("service running; replaying " + recordings.size() + " calls" + (fast ? "" : " at speaking speed"));
            out.flush();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(p, new StringSerializer(),
                    RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer());
                    KafkaConsumer<String, EmotionEvent> consumer = consumer(broker.bootstrapServers(), config)) {
                ObjectMapper json = new ObjectMapper();
                int seen = 0;
                for (Map.Entry<String, PcmAudio> r : recordings.entrySet()) {
                    AudioEncoding enc = r.getValue().sampleRateHz() == 8000 ? AudioEncoding.MULAW : AudioEncoding.PCM_S16LE;
                    ProduceCommand.sendCall(producer, config.speechTopic(), r.getKey(), r.getValue(), true, enc, 100, !fast);
                    seen += print(consumer, json, out, Duration.ofMillis(100));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen < recordings.size() && System.nanoTime() < deadline) {
                    seen += print(consumer, json, out, Duration.ofMillis(200));
                }
                out.printf("%d of %d utterances classified%n", seen, recordings.size());
                out.flush();
            }
        }
    }

    private Map<String, PcmAudio> recordings(PrintWriter out) throws Exception {
        Map<String, PcmAudio> recs = new LinkedHashMap<>();
        Path folder = audio;
        if (folder == null && Files.isDirectory(Path.of("../shared/emodb/wav"))) {
            folder = Path.of("../shared/emodb/wav");
        }
        if (folder != null) {
            List<Path> files = AudioInputs.wavFiles(spec.commandLine(), List.of(folder));
            for (Path f : files.subList(0, Math.min(maxFiles, files.size()))) {
                recs.put(ProduceCommand.stem(f), WavFile.read(f));
            }
            out.println("audio: " + recs.size() + " files from " + folder);
            return recs;
        }
        for (String name : BUNDLED.subList(0, Math.min(maxFiles, BUNDLED.size()))) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name + ".wav")) {
                if (in == null) {
                    throw new IllegalStateException("the demo clip " + name + " is missing from the jar; rebuild it");
                }
                recs.put(name + "-" + UUID.randomUUID().toString().substring(0, 4), WavFile.read(in, name));
            }
        }
        out.println("audio: " + recs.size() + " German clips shipped with Stimmung (synthetic speech, 8 kHz mu-law)");
        return recs;
    }

    private static KafkaConsumer<String, EmotionEvent> consumer(String bootstrap, StreamConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "stimmung-demo-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, EmotionEvent> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false).deserializer());
        c.subscribe(List.of(config.eventsTopic()));
        return c;
    }

    private static int print(KafkaConsumer<String, EmotionEvent> consumer, ObjectMapper json, PrintWriter out,
            Duration wait) throws Exception {
        int n = 0;
        List<ConsumerRecord<String, EmotionEvent>> records = new ArrayList<>();
        consumer.poll(wait).forEach(records::add);
        for (ConsumerRecord<String, EmotionEvent> r : records) {
            out.println(json.writeValueAsString(ConsumeCommand.toJson(json, r.value())));
            n++;
        }
        out.flush();
        return n;
    }
}
