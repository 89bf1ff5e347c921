package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.stimmung.avro.state.CallState;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A call's state written by the previous version (CallState without lastChunkStreamTimeMs, kept
 * in {@code src/test/resources/schemas/CallState-v1.avsc}) is still read from a state store or
 * changelog after the upgrade, with the new field's default; bytes that fit no layout still fail.
 */
class CallStateEvolutionTest {

    @Test
    void aCallStateWrittenBeforeTheStreamTimeFieldReadsWithItsDefault() throws Exception {
        Schema v1;
        try (InputStream in = CallStateEvolutionTest.class.getResourceAsStream("/schemas/CallState-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("callId", "c");
        old.put("channel", 1);
        old.put("sampleRateHz", 8000);
        old.put("nextSequence", 42L);
        old.put("segmentation", "MARKED");
        old.put("emittedUtterances", 3);
        old.put("checkpointSequence", 40L);
        old.put("checkpointUtterances", 3);
        old.put("checkpointSamples", 64_000L);
        old.put("checkpointVad", null);
        old.put("callStartMs", 1_700_000_000_000L);
        old.put("lastActivityWallMs", 1_700_000_009_000L);
        old.put("openUtterance", true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
        enc.flush();

        CallState state = AvroSerde.of(CallState.class).decode(bytes.toByteArray());
        assertEquals("c", state.getCallId().toString());
        assertEquals(42L, state.getNextSequence());
        assertEquals(1_700_000_009_000L, state.getLastActivityWallMs());
        assertEquals(true, state.getOpenUtterance());
        assertEquals(IdleClock.UNKNOWN, state.getLastChunkStreamTimeMs());
    }

    @Test
    void aCallStateOfTheCurrentLayoutRoundTrips() {
        AvroSerde<CallState> serde = AvroSerde.of(CallState.class);
        CallState s = CallState.newBuilder().setCallId("c").setChannel(0).setSampleRateHz(16000).setNextSequence(7)
                .setSegmentation("VAD").setEmittedUtterances(1).setCheckpointSequence(5).setCheckpointUtterances(1)
                .setCheckpointSamples(8000).setCheckpointVad(null).setCallStartMs(1).setLastActivityWallMs(2)
                .setOpenUtterance(false).setLastChunkStreamTimeMs(123_456L).build();
        assertEquals(s, serde.decode(serde.encode(s)));
    }

    @Test
    void bytesThatFitNoLayoutAreStillRefused() {
        assertThrows(SerializationException.class, () -> AvroSerde.of(CallState.class).decode(new byte[] {2, 'c'}));
    }
}
