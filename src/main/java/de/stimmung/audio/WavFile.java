package de.stimmung.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE audio into mono {@link PcmAudio} and writes mono 16-bit PCM WAV.
 *
 * <p>Reading accepts integer PCM (8-bit unsigned, 16/24/32-bit signed), IEEE float (32/64-bit),
 * G.711 mu-law and A-law, and WAVE_FORMAT_EXTENSIBLE with any of these as subformat. Several
 * channels are downmixed to mono by averaging. Unknown chunks (LIST, fact, cue ...) are skipped,
 * honouring the pad byte after odd-sized chunks. A data chunk that claims more bytes than the
 * file holds (a truncated file, or one written while streaming) is read up to the last whole
 * frame; {@link #readContents} says how much was missing.
 * Samples are scaled to full scale 1.0: 16-bit {@code s} becomes {@code s / 32768f}, 8-bit
 * {@code u} becomes {@code (u - 128) / 128f}, 24/32-bit by 2^23/2^31, floats as stored.
 *
 * <p>Stateless; all methods are thread-safe.
 */
public final class WavFile {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;

    private WavFile() {
    }

    /**
     * Reads a WAV file.
     *
     * @throws AudioFormatException naming the file if it is not a readable WAV
     * @throws IOException          if the file cannot be read
     */
    public static PcmAudio read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads a WAV file and tells whether its data chunk was complete.
     *
     * @throws AudioFormatException naming the file if it is not a readable WAV
     * @throws IOException          if the file cannot be read
     */
    public static Contents readContents(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * What a WAV file held: its audio, and how many bytes its data chunk claimed beyond the end
     * of the file (0 for a complete file).
     *
     * @param audio            the whole frames that are there
     * @param bytesPerFrame    the size of one frame (all channels) in the file
     * @param claimedDataBytes the data chunk's size field
     * @param missingDataBytes {@code claimedDataBytes} minus the bytes the file holds, at least 0
     */
    public record Contents(PcmAudio audio, int bytesPerFrame, long claimedDataBytes, long missingDataBytes) {

        /** The size field of a WAV written while streaming, before its length was known. */
        private static final long STREAMING_PLACEHOLDER = 0xFFFFFFFFL;

        /** Whether the data chunk claimed more bytes than the file holds. */
        public boolean isTruncated() {
            return missingDataBytes > 0;
        }

        /**
         * One sentence for the user, starting with {@code sourceName}: how much the data chunk
         * claims, how much is missing (bytes and seconds), and that the rest was read.
         */
        public String truncationNotice(String sourceName) {
            String missing = claimedDataBytes == STREAMING_PLACEHOLDER
                    ? "its size field is 0xFFFFFFFF (written while streaming, length unknown)"
                    : String.format(java.util.Locale.ROOT, "%d bytes (%.3f s) are missing", missingDataBytes,
                            missingSeconds());
            return sourceName + ": the file is truncated: its data chunk claims " + claimedDataBytes + " bytes, "
                    + missing + "; read the " + String.format(java.util.Locale.ROOT, "%.3f", audio.durationSeconds())
                    + " s that are there";
        }

        private double missingSeconds() {
            return (double) missingDataBytes / ((long) audio.sampleRateHz() * Math.max(1, bytesPerFrame));
        }
    }

    /**
     * Reads a whole WAV stream; does not close it.
     *
     * @param sourceName names the stream in error messages, e.g. a file name or URL
     */
    public static PcmAudio read(InputStream in, String sourceName) throws IOException {
        return read(in.readAllBytes(), sourceName);
    }

    /**
     * Decodes WAV bytes.
     *
     * @param sourceName names the bytes in error messages
     * @throws AudioFormatException starting with {@code sourceName} if the bytes are not a readable WAV
     */
    public static PcmAudio read(byte[] wav, String sourceName) throws AudioFormatException {
        return decode(wav, sourceName).audio();
    }

    /**
     * Decodes WAV bytes and tells whether the data chunk was complete.
     *
     * @param sourceName names the bytes in error messages
     * @throws AudioFormatException starting with {@code sourceName} if the bytes are not a readable WAV
     */
    public static Contents decode(byte[] wav, String sourceName) throws AudioFormatException {
        checkRiffHeader(wav, sourceName);
        WavFormat format = null;
        int dataOff = -1;
        int dataLen = 0;
        long claimed = 0;
        int pos = RIFF_HEADER_BYTES;
        while (pos + CHUNK_HEADER_BYTES <= wav.length && (format == null || dataOff < 0)) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            long size = WavFormat.u32(wav, pos + 4);
            int body = pos + CHUNK_HEADER_BYTES;
            long available = wav.length - body;
            if (id.equals("fmt ")) {
                if (size > available) {
                    throw new AudioFormatException(sourceName + ": fmt chunk claims " + size + " bytes but only "
                            + available + " follow; the file is truncated");
                }
                format = WavFormat.parse(wav, body, (int) size, sourceName);
            } else if (id.equals("data")) {
                dataOff = body;
                dataLen = (int) Math.min(size, available);
                claimed = size;
            }
            pos = (int) Math.min(wav.length, body + size + (size & 1));
        }
        if (format == null) {
            throw new AudioFormatException(sourceName + ": no fmt chunk found"
                    + (wav.length < 44 ? " (file is only " + wav.length + " bytes; truncated header?)" : "")
                    + "; the file is not a complete WAV");
        }
        if (dataOff < 0) {
            throw new AudioFormatException(sourceName + ": no data chunk found after the fmt chunk; "
                    + "the file holds no audio or is truncated");
        }
        PcmAudio audio = new PcmAudio(downmix(wav, dataOff, dataLen, format), format.sampleRateHz());
        return new Contents(audio, format.blockAlign(), claimed, Math.max(0, claimed - dataLen));
    }

    private static void checkRiffHeader(byte[] wav, String sourceName) throws AudioFormatException {
        if (wav.length < RIFF_HEADER_BYTES) {
            throw new AudioFormatException(sourceName + ": only " + wav.length
                    + " bytes, but a WAV header needs at least 12 (RIFF, size, WAVE); the file is truncated");
        }
        String riff = new String(wav, 0, 4, StandardCharsets.US_ASCII);
        String wave = new String(wav, 8, 4, StandardCharsets.US_ASCII);
        if (riff.equals("RIFX") || riff.equals("RF64")) {
            throw new AudioFormatException(sourceName + ": " + riff + " files are not supported; "
                    + "convert to a plain little-endian RIFF/WAVE file (e.g. ffmpeg -i in.wav out.wav)");
        }
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new AudioFormatException(sourceName + ": not a RIFF/WAVE file (starts with \""
                    + printable(riff) + "\", form \"" + printable(wave) + "\"); expected RIFF....WAVE");
        }
    }

    private static float[] downmix(byte[] wav, int dataOff, int dataLen, WavFormat format) {
        int frames = dataLen / format.blockAlign();
        int channels = format.channels();
        int width = format.bytesPerSample();
        float[] mono = new float[frames];
        for (int f = 0, frameOff = dataOff; f < frames; f++, frameOff += format.blockAlign()) {
            if (channels == 1) {
                mono[f] = format.sample(wav, frameOff);
            } else {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += format.sample(wav, frameOff + c * width);
                }
                mono[f] = (float) (sum / channels);
            }
        }
        return mono;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /**
     * Encodes mono audio as a 16-bit PCM WAV (44-byte header). Samples are clipped to [-1, 1] and
     * rounded to the nearest 16-bit step ({@code round(x * 32768)}, at most 32767); NaN becomes 0.
     *
     * @throws IllegalArgumentException if the audio is too long for a RIFF file (over 2^31 bytes)
     */
    public static byte[] toBytes(PcmAudio audio) {
        long dataLen = 2L * audio.length();
        if (dataLen + 36 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(audio + " is too long for one WAV file (" + dataLen
                    + " data bytes, limit " + (Integer.MAX_VALUE - 36) + "); split it");
        }
        byte[] out = new byte[44 + (int) dataLen];
        ascii(out, 0, "RIFF");
        le32(out, 4, 36 + (int) dataLen);
        ascii(out, 8, "WAVE");
        ascii(out, 12, "fmt ");
        le32(out, 16, 16);
        le16(out, 20, WavFormat.TAG_PCM);
        le16(out, 22, 1);
        le32(out, 24, audio.sampleRateHz());
        le32(out, 28, audio.sampleRateHz() * 2);
        le16(out, 32, 2);
        le16(out, 34, 16);
        ascii(out, 36, "data");
        le32(out, 40, (int) dataLen);
        float[] s = audio.samples();
        for (int i = 0, b = 44; i < s.length; i++, b += 2) {
            le16(out, b, Linear16.fromFloat(s[i]));
        }
        return out;
    }

    /** Writes {@link #toBytes} to {@code out}; does not close it. */
    public static void write(PcmAudio audio, OutputStream out) throws IOException {
        out.write(toBytes(audio));
    }

    /** Writes {@link #toBytes} to {@code file}, replacing it if it exists. */
    public static void write(PcmAudio audio, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(audio, out);
        }
    }

    private static void ascii(byte[] b, int off, String s) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
    }

    private static void le16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int off, int v) {
        le16(b, off, v);
        le16(b, off + 2, v >> 16);
    }
}
