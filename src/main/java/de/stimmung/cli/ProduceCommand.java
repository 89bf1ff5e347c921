package de.stimmung.cli;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.Resampler;
import de.stimmung.audio.SampleCodec;
import de.stimmung.audio.WavFile;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StreamConfig;
import de.stimmung.stream.WireEncoding;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stimmung produce}: streams WAV files to the speech topic as AudioChunk records. Each
 * file is a call of one marked utterance (call id = file name without extension), or with
 * {@code --continuous} all files form one unmarked call with pauses between them.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Stream WAV files to the speech topic as audio chunks (one call per file, or one --continuous call).")
final class ProduceCommand implements Callable<Integer> {

    /** The encodings offered on the command line. */
    enum Encoding { pcm16, mulaw, alaw, float32 }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = StreamConfig.DEFAULT_SPEECH_TOPIC, description = "Topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "Audio per chunk in ms. Default: ${DEFAULT-VALUE}.")
    int chunkMs;

    @Option(names = "--realtime", description = "Pace the chunks at speaking speed.")
    boolean realtime;

    @Option(names = "--call-id", description = "Call id (one file or --continuous). Default: the file name without extension.")
    String callId;

    @Option(names = "--encoding", defaultValue = "pcm16", description = "pcm16, mulaw, alaw or float32. Default: ${DEFAULT-VALUE}.")
    Encoding encoding;

    @Option(names = "--telephony", description = "Resample to 8 kHz first (with --encoding mulaw or alaw: G.711 telephony).")
    boolean telephony;

    @Option(names = "--continuous", description = "Concatenate all files with pauses into one call without utterance marks.")
    boolean continuous;

    @Option(names = "--pause-ms", defaultValue = "1000", description = "Pause between files with --continuous. Default: ${DEFAULT-VALUE}.")
    int pauseMs;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "WAV files or folders of them.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        Map<String, String> clientProperties = kafka.requireClusterAndRegistry(spec.commandLine());
        if (chunkMs < 1 || chunkMs > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chunk-ms must be 1..10000, got " + chunkMs);
        }
        List<Path> files = AudioInputs.wavFiles(spec.commandLine(), paths);
        if (callId != null && files.size() > 1 && !continuous) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--call-id names one call: give one file or --continuous");
        }
        PrintWriter out = spec.commandLine().getOut();
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.putAll(clientProperties); // the user's settings win over our defaults
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        int sent = 0;
        try {
            sent = produce(files, p, clientProperties, out);
        } catch (java.util.concurrent.ExecutionException | org.apache.kafka.common.errors.TimeoutException e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot send to Kafka at " + kafka.bootstrapServers + ": " + cause.getMessage()
                    + "; check --bootstrap-servers and that the topic " + topic + " exists (serve creates it); "
                    + KafkaOptions.SECURITY_HINT, cause);
        }
        out.printf("sent %d chunks to %s on %s%n", sent, topic, kafka.bootstrapServers);
        out.flush();
        return 0;
    }

    private int produce(List<Path> files, Properties p, Map<String, String> serdeConfig, PrintWriter out)
            throws Exception {
        int sent = 0;
        try (KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(p, new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, serdeConfig, false).serializer())) {
            if (continuous) {
                List<PcmAudio> parts = new ArrayList<>();
                for (Path f : files) {
                    parts.add(prepare(WavFile.read(f)));
                }
                String id = callId != null ? callId : "continuous-" + stem(files.get(0));
                sent += send(producer, id, concatenate(parts), false);
                out.printf("%s: %d files, %d ms pauses, unmarked%n", id, files.size(), pauseMs);
            } else {
                for (Path f : files) {
                    String id = callId != null ? callId : stem(f);
                    sent += send(producer, id, prepare(WavFile.read(f)), true);
                    out.printf("%s: %s%n", id, f);
                }
            }
            producer.flush();
        }
        return sent;
    }

    private PcmAudio prepare(PcmAudio audio) {
        return telephony ? audio.resampledTo(8000) : audio;
    }

    private PcmAudio concatenate(List<PcmAudio> parts) {
        int rate = parts.get(0).sampleRateHz();
        int pause = (int) ((long) pauseMs * rate / 1000);
        int total = pause;
        List<float[]> resampled = new ArrayList<>();
        for (PcmAudio a : parts) {
            float[] s = a.sampleRateHz() == rate ? a.samples() : Resampler.resample(a.samples(), a.sampleRateHz(), rate);
            resampled.add(s);
            total += s.length + pause;
        }
        float[] all = new float[total];
        int pos = pause;
        for (float[] s : resampled) {
            System.arraycopy(s, 0, all, pos, s.length);
            pos += s.length + pause;
        }
        return new PcmAudio(all, rate);
    }

    private int send(KafkaProducer<String, AudioChunk> producer, String id, PcmAudio audio, boolean marked)
            throws Exception {
        AudioEncoding enc = switch (encoding) {
            case pcm16 -> AudioEncoding.PCM_S16LE;
            case mulaw -> AudioEncoding.MULAW;
            case alaw -> AudioEncoding.ALAW;
            case float32 -> AudioEncoding.FLOAT32LE;
        };
        return sendCall(producer, topic, id, audio, marked, enc, chunkMs, realtime);
    }

    /**
     * Sends one call's audio as chunks of {@code chunkMs}, numbered from 0; marked calls carry the
     * call id as utterance id and end-of-utterance on the last chunk; the last chunk ends the call.
     * Waits for each send to be acknowledged; with {@code realtime} paces them at speaking speed.
     *
     * @return the number of chunks sent
     */
    static int sendCall(KafkaProducer<String, AudioChunk> producer, String topic, String id, PcmAudio audio,
            boolean marked, AudioEncoding enc, int chunkMs, boolean realtime) throws Exception {
        SampleCodec codec = WireEncoding.codecFor(enc);
        int rate = audio.sampleRateHz();
        int step = Math.max(1, rate * chunkMs / 1000);
        float[] s = audio.samples();
        long start = System.currentTimeMillis();
        long seq = 0;
        for (int off = 0; off < s.length; off += step) {
            int n = Math.min(step, s.length - off);
            boolean last = off + n >= s.length;
            AudioChunk chunk = AudioChunk.newBuilder().setCallId(id).setChannel(0).setSequenceNumber(seq++)
                    .setTimestampMs(Instant.ofEpochMilli(start + (long) off * 1000 / rate)).setSampleRateHz(rate)
                    .setEncoding(enc).setAudio(ByteBuffer.wrap(codec.encode(s, off, n)))
                    .setUtteranceId(marked ? id : null).setEndOfUtterance(marked && last).setEndOfCall(last).build();
            producer.send(new ProducerRecord<>(topic, id, chunk)).get(30, TimeUnit.SECONDS);
            if (realtime) {
                long due = start + (long) (off + n) * 1000 / rate;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
        }
        return (int) seq;
    }

    static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
