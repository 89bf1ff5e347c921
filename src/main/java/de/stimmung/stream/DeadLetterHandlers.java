package de.stimmung.stream;

import de.stimmung.avro.DeadLetter;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySerdeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three exception-handler hooks, each routing the failed record to the
 * dead-letter topic as a {@link DeadLetter} (original key and value bytes, source topic,
 * partition and offset, error kind and message) and letting processing continue. The DLQ records
 * travel through Streams' own producer (KIP-1034), so with exactly-once they commit atomically
 * with the input offsets: nothing is silently dropped and nothing is dead-lettered twice. Dead
 * letters are written in the schema-registry wire format like every other record; each handler
 * builds its serde from the Streams properties ({@link StreamConfig#streamsProperties}), and the
 * registry client is the one the service warmed at start-up, so writing a dead letter does not
 * need the registry (which may be the very thing that is down).
 */
public final class DeadLetterHandlers {

    /** Streams config key holding the dead-letter topic name. */
    public static final String TOPIC_CONFIG = "stimmung.dead.letter.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);
    private DeadLetterHandlers() {
    }

    private static String topic(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        return t == null ? StreamConfig.DEFAULT_DLQ_TOPIC : t.toString();
    }

    static DeadLetterKind kindOf(Exception e, DeadLetterKind fallback) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof BadChunkException b) {
                return b.kind();
            }
            if (t instanceof RegistrySerdeException r) {
                return switch (r.reason()) {
                    case WRONG_MAGIC_BYTE -> DeadLetterKind.WRONG_MAGIC_BYTE;
                    case TRUNCATED -> DeadLetterKind.TRUNCATED_RECORD;
                    case UNKNOWN_SCHEMA_ID -> DeadLetterKind.UNKNOWN_SCHEMA_ID;
                    case INCOMPATIBLE_SCHEMA -> DeadLetterKind.INCOMPATIBLE_SCHEMA;
                    case REGISTRY_UNAVAILABLE -> DeadLetterKind.SCHEMA_REGISTRY_UNAVAILABLE;
                    case REGISTRY_ERROR -> DeadLetterKind.SCHEMA_REGISTRY_ERROR;
                    case INVALID_BODY -> DeadLetterKind.DESERIALIZATION;
                };
            }
            t = t.getCause();
        }
        return fallback;
    }

    static String messageOf(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof BadChunkException) && !(t instanceof RegistrySerdeException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** What the three handlers share: the configured dead-letter topic and a record from the error context. */
    private abstract static class Router {
        String dlq = StreamConfig.DEFAULT_DLQ_TOPIC;
        RegistryAvroSerde<DeadLetter> serde;

        public void configure(Map<String, ?> configs) {
            dlq = topic(configs);
            serde = RegistryAvroSerde.of(DeadLetter.class, configs, false);
        }

        /** The dead letter of one source record, in the wire format, keyed like the original. */
        ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value, String topic, int partition, long offset,
                DeadLetterKind kind, String message) {
            DeadLetter dl = DeadLetter.newBuilder()
                    .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                    .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                    .setTopic(topic == null ? "" : topic)
                    .setPartition(partition)
                    .setOffset(offset)
                    .setErrorKind(kind.name())
                    .setErrorMessage(message == null ? kind.name() : message)
                    .setFailedAtMs(java.time.Instant.ofEpochMilli(System.currentTimeMillis()))
                    .build();
            LOG.warn("dead-lettered {}[{}]@{}: {} {}", topic, partition, offset, kind, message);
            return new ProducerRecord<>(dlq, key, serde.serialize(dlq, dl));
        }

        /** The dead letter for the source record the context names. */
        List<ProducerRecord<byte[], byte[]>> fromContext(ErrorHandlerContext ctx, DeadLetterKind kind, String message) {
            return List.of(deadLetter(ctx.sourceRawKey(), ctx.sourceRawValue(), ctx.topic(), ctx.partition(),
                    ctx.offset(), kind, message));
        }
    }

    /** Records whose bytes do not deserialize. */
    public static final class Deserialization extends Router implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
            return Response.resume(List.of(deadLetter(record.key(), record.value(), record.topic(),
                    record.partition(), record.offset(), kindOf(e, DeadLetterKind.DESERIALIZATION), messageOf(e))));
        }
    }

    /** Records the processor rejected ({@link BadChunkException}) or failed on. */
    public static final class Processing extends Router implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
            return Response.resume(fromContext(ctx, kindOf(e, DeadLetterKind.PROCESSING), messageOf(e)));
        }
    }

    /** Output records that could not be produced (too large, serialization failure). */
    public static final class Production extends Router implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception e) {
            if (e instanceof org.apache.kafka.common.errors.RetriableException) {
                return Response.retry();
            }
            return Response.resume(fromContext(ctx, DeadLetterKind.PRODUCTION,
                    "producing to " + record.topic() + " failed: " + messageOf(e)));
        }

        @Override
        @SuppressWarnings("rawtypes") // Kafka declares this parameter raw
        public Response handleSerializationError(ErrorHandlerContext ctx, ProducerRecord record, Exception e,
                SerializationExceptionOrigin origin) {
            return Response.resume(fromContext(ctx, DeadLetterKind.PRODUCTION,
                    "serializing the " + origin + " for " + record.topic() + " failed: " + messageOf(e)));
        }
    }
}
