package de.stimmung.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte, for formats and layouts {@link WavFile} does not write. */
final class WavBytes {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Integer riffSizeOverride;

    /** Appends a plain {@code fmt } chunk (16 bytes, or 18 with cbSize = 0 for non-PCM). */
    WavBytes fmt(int tag, int channels, int rateHz, int bitsPerSample) {
        int blockAlign = channels * ((bitsPerSample + 7) / 8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        le16(f, tag);
        le16(f, channels);
        le32(f, rateHz);
        le32(f, rateHz * blockAlign);
        le16(f, blockAlign);
        le16(f, bitsPerSample);
        if (tag != WavFormat.TAG_PCM) {
            le16(f, 0);
        }
        return chunk("fmt ", f.toByteArray());
    }

    /** Appends a WAVE_FORMAT_EXTENSIBLE {@code fmt } chunk (40 bytes) whose subformat GUID carries {@code subTag}. */
    WavBytes fmtExtensible(int subTag, int channels, int rateHz, int containerBits, int validBits) {
        int blockAlign = channels * containerBits / 8;
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        le16(f, WavFormat.TAG_EXTENSIBLE);
        le16(f, channels);
        le32(f, rateHz);
        le32(f, rateHz * blockAlign);
        le16(f, blockAlign);
        le16(f, containerBits);
        le16(f, 22);
        le16(f, validBits);
        le32(f, channels == 2 ? 0x3 : 0x4);
        le16(f, subTag);
        f.writeBytes(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
                0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", f.toByteArray());
    }

    /** Appends a chunk with its pad byte when the size is odd. */
    WavBytes chunk(String id, byte[] data) {
        return chunk(id, data, data.length);
    }

    /** Appends a chunk whose header claims {@code declaredSize} bytes (may exceed {@code data.length}). */
    WavBytes chunk(String id, byte[] data, long declaredSize) {
        body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        le32(body, (int) declaredSize);
        body.writeBytes(data);
        if (data.length % 2 == 1 && declaredSize == data.length) {
            body.write(0);
        }
        return this;
    }

    WavBytes riffSize(int size) {
        riffSizeOverride = size;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, riffSizeOverride != null ? riffSizeOverride : 4 + body.size());
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
    }

    static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v);
        le16(out, v >> 16);
    }

    static void le24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
        out.write((v >> 16) & 0xFF);
    }

    static void le64(ByteArrayOutputStream out, long v) {
        le32(out, (int) v);
        le32(out, (int) (v >>> 32));
    }
}
