package de.stimmung.registry;

import org.apache.avro.Schema;

/**
 * The calls a Confluent-style serde makes to a schema registry: register a schema under a subject,
 * find the id of an already registered schema, fetch a writer schema by id, and fetch a subject's
 * latest version. Failures are {@link SchemaRegistryException}s carrying the HTTP status and the
 * registry's error code. Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is already registered under {@code subject}; never registers. */
    int idOf(String subject, Schema schema);

    /** The schema with this global id (404 / error 40403 if the registry does not know it). */
    Schema getById(int id);

    /** The latest version registered under {@code subject} (404 / error 40401 if there is none). */
    RegisteredSchema latest(String subject);

    /**
     * A view of this client that gives up after {@code retries} retries, waiting {@code wait}
     * doubled up to {@code maxWait} between them, and shares this client's caches (for start-up
     * checks that must fail within seconds). A client that never retries returns itself.
     */
    default SchemaRegistryClient withRetries(int retries, java.time.Duration wait, java.time.Duration maxWait) {
        return this;
    }
}
