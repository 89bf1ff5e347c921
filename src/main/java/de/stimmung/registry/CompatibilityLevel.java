package de.stimmung.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels (non-transitive: a new schema is checked against the latest
 * version only), decided with Avro's own {@link SchemaCompatibility}.
 */
public enum CompatibilityLevel {
    /** Anything goes. */
    NONE,
    /** Readers using the new schema can read data written with the latest one (Confluent's default). */
    BACKWARD,
    /** Readers using the latest schema can read data written with the new one. */
    FORWARD,
    /** Both BACKWARD and FORWARD. */
    FULL;

    /** Null if {@code candidate} may follow {@code latest}, else a description of what breaks. */
    public String incompatibility(Schema candidate, Schema latest) {
        StringBuilder problems = new StringBuilder();
        if (this == BACKWARD || this == FULL) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest).getResult(),
                    "new schema cannot read data of the latest", problems);
        }
        if (this == FORWARD || this == FULL) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(latest, candidate).getResult(),
                    "latest schema cannot read data of the new", problems);
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    private static void describe(SchemaCompatibilityResult result, String what, StringBuilder out) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (var incompatibility : result.getIncompatibilities()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(what).append(": ").append(incompatibility.getType()).append(" at ")
                    .append(incompatibility.getLocation()).append(" (").append(incompatibility.getMessage())
                    .append(')');
        }
    }
}
