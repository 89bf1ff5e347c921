package de.stimmung.stream;

import de.stimmung.audio.SampleCodec;
import de.stimmung.audio.SampleEncoding;
import de.stimmung.avro.AudioEncoding;

/**
 * The boundary between the wire schema's {@link AudioEncoding} (a field of every
 * {@code AudioChunk}) and the audio package's {@link SampleEncoding}: symbol for symbol, so a new
 * schema symbol fails compilation here until it is mapped. Stateless.
 */
public final class WireEncoding {

    private WireEncoding() {
    }

    /** The audio package's name for a chunk's encoding. */
    public static SampleEncoding toSampleEncoding(AudioEncoding wire) {
        return switch (wire) {
            case PCM_S16LE -> SampleEncoding.PCM_S16LE;
            case MULAW -> SampleEncoding.MULAW;
            case ALAW -> SampleEncoding.ALAW;
            case FLOAT32LE -> SampleEncoding.FLOAT32LE;
        };
    }

    /** The schema symbol that carries {@code encoding} on the wire. */
    public static AudioEncoding toWire(SampleEncoding encoding) {
        return switch (encoding) {
            case PCM_S16LE -> AudioEncoding.PCM_S16LE;
            case MULAW -> AudioEncoding.MULAW;
            case ALAW -> AudioEncoding.ALAW;
            case FLOAT32LE -> AudioEncoding.FLOAT32LE;
        };
    }

    /** The codec that decodes and encodes a chunk of {@code wire} encoding. */
    public static SampleCodec codecFor(AudioEncoding wire) {
        return SampleCodec.forEncoding(toSampleEncoding(wire));
    }
}
