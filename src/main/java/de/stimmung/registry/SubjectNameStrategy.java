package de.stimmung.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a serde names the registry subject of a record, as Confluent's
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy}. Accepts Confluent's
 * class names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) or the short
 * names ({@code TopicNameStrategy}, {@code RecordNameStrategy}).
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME,
    /** The record's full name, e.g. {@code de.stimmung.avro.AudioChunk}: one lineage per type, across topics. */
    RECORD_NAME;

    /** The subject for a record of {@code schema} on {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return this == TOPIC_NAME ? topic + (isKey ? "-key" : "-value") : schema.getFullName();
    }

    /** Parses a Confluent class name or short name; null means the default, TOPIC_NAME. */
    public static SubjectNameStrategy parse(Object configured) {
        if (configured == null) {
            return TOPIC_NAME;
        }
        String name = configured instanceof Class<?> type ? type.getName() : configured.toString().strip();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        switch (simple.toLowerCase(Locale.ROOT)) {
            case "topicnamestrategy", "topic_name":
                return TOPIC_NAME;
            case "recordnamestrategy", "record_name":
                return RECORD_NAME;
            default:
                throw new IllegalArgumentException("unknown subject name strategy '" + name
                        + "'; expected one of TopicNameStrategy, RecordNameStrategy"
                        + " (or io.confluent.kafka.serializers.subject.<name>)");
        }
    }
}
