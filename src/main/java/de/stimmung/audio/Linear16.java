package de.stimmung.audio;

import java.util.Objects;

/** Conversions between full-scale floats and linear 16-bit values shared by the codecs and the WAV writer. */
final class Linear16 {

    private Linear16() {
    }

    /** Full-scale float to a linear 16-bit value: scale by 32768, round, clip to [-32768, 32767]; NaN gives 0. */
    static int fromFloat(float sample) {
        int v = Math.round(sample * 32768f);
        return v > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(v, Short.MIN_VALUE);
    }

    /** Checks the arguments of {@link SampleCodec#decode} and returns the sample count. */
    static int decodedCount(SampleCodec codec, byte[] src, int srcOff, int byteLen, float[] dst, int dstOff) {
        int width = codec.bytesPerSample();
        if (byteLen % width != 0) {
            throw new IllegalArgumentException(codec.encoding() + " needs " + width
                    + " bytes per sample, but got " + byteLen + " bytes (" + (byteLen % width)
                    + " left over); send whole samples only");
        }
        int count = byteLen / width;
        Objects.checkFromIndexSize(srcOff, byteLen, src.length);
        Objects.checkFromIndexSize(dstOff, count, dst.length);
        return count;
    }
}
