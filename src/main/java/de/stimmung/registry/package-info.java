/**
 * Confluent Schema Registry support: the wire format ({@link de.stimmung.registry.WireFormat}:
 * magic byte 0, 4-byte big-endian schema id, Avro binary), registry clients
 * ({@link de.stimmung.registry.CachedSchemaRegistryClient} over HTTP, for Confluent Schema Registry
 * or Apicurio Registry's {@code /apis/ccompat/v7}; {@link de.stimmung.registry.InMemorySchemaRegistryClient}
 * for tests) and a Kafka serde for our generated records, {@link de.stimmung.registry.RegistryAvroSerde}.
 *
 * <p>Wiring, with the config keys users know from Confluent's {@code SpecificAvroSerde}:
 * <pre>{@code
 * var values = new RegistryAvroSerde<>(AudioChunk.class);
 * values.configure(Map.of("schema.registry.url", "https://sr1:8081,https://sr2:8081",
 *         "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "user:password"), false);
 * }</pre>
 * TLS uses the JVM's default trust store ({@code -Djavax.net.ssl.trustStore=...}). Nothing here
 * depends on the topology or the CLI; failures surface as Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}s, which the dead-letter handlers
 * already route.
 */
package de.stimmung.registry;
