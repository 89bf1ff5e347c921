package de.stimmung.audio;

/**
 * The byte layouts of audio samples that {@link SampleCodec} converts, all little-endian and one
 * channel. The audio package's own names: the wire schema's {@code AudioEncoding} is mapped to
 * these at the stream boundary, so audio code does not depend on the record schemas.
 */
public enum SampleEncoding {
    /** Signed 16-bit PCM, 2 bytes per sample. */
    PCM_S16LE,
    /** ITU-T G.711 mu-law, 1 byte per sample. */
    MULAW,
    /** ITU-T G.711 A-law, 1 byte per sample. */
    ALAW,
    /** IEEE 754 32-bit float, 4 bytes per sample, full scale at +-1. */
    FLOAT32LE
}
