package de.stimmung.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for unit tests (the role of Confluent's
 * MockSchemaRegistryClient). Behaves like the real one where serdes can tell: one global id per
 * distinct schema (the same schema under two subjects has one id), versions per subject from 1,
 * registration checked against the subject's latest version at the configured
 * {@link CompatibilityLevel} (409 / error 409 when incompatible), 404 with error 40401 / 40403 for
 * unknown subjects and ids. Thread-safe (every call is synchronized).
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final CompatibilityLevel compatibility;
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** A registry with Confluent's default compatibility, BACKWARD. */
    public InMemorySchemaRegistryClient() {
        this(CompatibilityLevel.BACKWARD);
    }

    public InMemorySchemaRegistryClient(CompatibilityLevel compatibility) {
        this.compatibility = compatibility;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        if (!versions.isEmpty()) {
            Schema latest = schemaById.get(versions.get(versions.size() - 1));
            String problem = compatibility.incompatibility(schema, latest);
            if (problem != null) {
                throw new SchemaRegistryException("in-memory registry rejected the schema for subject " + subject
                        + ": 409 (error 409) schema being registered is incompatible with an earlier schema ("
                        + compatibility + "): " + problem, 409, 409);
            }
        }
        int id = existing != null ? existing : schemaById.size() + 1;
        idBySchema.put(schema, id);
        schemaById.put(id, schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Integer> versions = versionsOf(subject);
        Integer id = idBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException("in-memory registry has no such schema under subject " + subject
                    + ": 404 (error 40403) schema not found", 404, 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("in-memory registry has no schema with id " + id
                    + ": 404 (error 40403) schema not found", 404, 40403);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsOf(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(id, versions.size(), schemaById.get(id));
    }

    /** The version number (from 1) of {@code schema} under {@code subject}. */
    public synchronized int versionOf(String subject, Schema schema) {
        return versionsOf(subject).indexOf(idOf(subject, schema)) + 1;
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException("in-memory registry has no subject " + subject
                    + ": 404 (error 40401) subject not found", 404, 40401);
        }
        return versions;
    }
}
