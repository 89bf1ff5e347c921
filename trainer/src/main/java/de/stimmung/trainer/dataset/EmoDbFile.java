package de.stimmung.trainer.dataset;

import de.stimmung.model.Emotion;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an EmoDB file name {@code SSTTTEV.wav} says about its recording, e.g. {@code 03a01Fa.wav}:
 * speaker {@code 03}, text code {@code a01}, emotion {@link Emotion#HAPPINESS} (letter F) and take
 * version {@code a}. Immutable value; the {@code .wav} extension is matched case-insensitively.
 *
 * @param speaker two-digit speaker code, e.g. {@code "03"}
 * @param text    text (sentence) code: a lower-case letter and two digits, e.g. {@code "a01"}
 * @param emotion the acted emotion
 * @param version the take, a lower-case letter ({@code a}, {@code b}, ...)
 */
public record EmoDbFile(String speaker, String text, Emotion emotion, char version) {

    private static final Pattern NAME = Pattern.compile("(\\d{2})([a-z]\\d{2})([A-Z])([a-z])\\.(?i:wav)");

    public EmoDbFile {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(emotion, "emotion");
        if (!speaker.matches("\\d{2}")) {
            throw new IllegalArgumentException("EmoDB speaker code must be two digits, got '" + speaker + "'");
        }
        if (!text.matches("[a-z]\\d{2}")) {
            throw new IllegalArgumentException("EmoDB text code must be a letter and two digits (e.g. a01), got '"
                    + text + "'");
        }
        if (version < 'a' || version > 'z') {
            throw new IllegalArgumentException("EmoDB take version must be a lower-case letter, got '" + version + "'");
        }
    }

    /**
     * Parses a file name (no folder) such as {@code 03a01Fa.wav}.
     *
     * @throws IllegalArgumentException naming the file and the expected pattern if it does not fit
     */
    public static EmoDbFile parse(String fileName) {
        Matcher m = NAME.matcher(Objects.requireNonNull(fileName, "fileName"));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not an EmoDB file name; expected SSTTTEV.wav,"
                    + " e.g. 03a01Fa.wav (speaker 03, text a01, emotion letter F, version a)");
        }
        char letter = m.group(3).charAt(0);
        Emotion emotion;
        try {
            emotion = Emotion.fromEmoDbCode(letter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + fileName + "' is not an EmoDB file name: " + e.getMessage(), e);
        }
        return new EmoDbFile(m.group(1), m.group(2), emotion, m.group(4).charAt(0));
    }

    /** {@link #parse} for names that may not fit: empty instead of an exception. */
    public static Optional<EmoDbFile> tryParse(String fileName) {
        try {
            return Optional.of(parse(fileName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Speakers' genders as documented with the database (speakers 03..16). */
    private static final java.util.Map<String, String> GENDERS = java.util.Map.of("03", "male", "08", "female",
            "09", "female", "10", "male", "11", "male", "12", "male", "13", "female", "14", "female", "15", "male",
            "16", "female");

    /** The documented gender ({@code female} or {@code male}) of an EmoDB speaker code; empty if unknown. */
    public static Optional<String> genderOf(String speaker) {
        return Optional.ofNullable(GENDERS.get(speaker));
    }

    /** The canonical file name, e.g. {@code 03a01Fa.wav}. */
    public String fileName() {
        return speaker + text + emotion.emoDbCode() + version + ".wav";
    }
}
