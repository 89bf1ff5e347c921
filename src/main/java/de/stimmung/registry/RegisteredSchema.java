package de.stimmung.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject in a schema registry: the schema's global id (what the wire format
 * carries), its version number within the subject (from 1), and the schema itself.
 */
public record RegisteredSchema(int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(schema, "schema");
    }
}
