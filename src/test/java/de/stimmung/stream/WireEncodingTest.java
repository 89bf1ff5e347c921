package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.audio.SampleEncoding;
import de.stimmung.avro.AudioEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WireEncodingTest {

    @ParameterizedTest
    @EnumSource(AudioEncoding.class)
    void everyWireSymbolMapsToTheSampleEncodingOfTheSameNameAndBack(AudioEncoding wire) {
        SampleEncoding encoding = WireEncoding.toSampleEncoding(wire);
        assertEquals(wire.name(), encoding.name());
        assertEquals(wire, WireEncoding.toWire(encoding));
        assertEquals(encoding, WireEncoding.codecFor(wire).encoding());
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void everySampleEncodingHasAWireSymbol(SampleEncoding encoding) {
        assertEquals(encoding, WireEncoding.toSampleEncoding(WireEncoding.toWire(encoding)));
    }
}
