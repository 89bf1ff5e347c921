package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallState;
import org.junit.jupiter.api.Test;

class TrustedRecordsTest {

    @Test
    void classesAvroGeneratedAreTrustedWithoutBeingListed() {
        assertTrue(TrustedRecords.isTrusted(EmotionEvent.class));
        assertTrue(TrustedRecords.isTrusted(AudioEncoding.class));
        assertTrue(TrustedRecords.isTrusted(CallState.class));
    }

    @Test
    void handWrittenClassesAreNotTrusted() {
        assertFalse(TrustedRecords.isTrusted(TrustedRecords.class));
        assertFalse(TrustedRecords.isTrusted(java.util.concurrent.ThreadPoolExecutor.class));
    }
}
