package de.stimmung.model;

import java.util.List;
import java.util.Locale;

/**
 * The seven EmoDB emotion classes, in the fixed order of the model's output vector: index
 * {@link #ordinal()} of every probability array and of every ONNX output row is this enum's
 * constant. The order is part of the model contract and never changes.
 */
public enum Emotion {
    ANGER('W'), BOREDOM('L'), DISGUST('E'), FEAR('A'), HAPPINESS('F'), SADNESS('T'), NEUTRAL('N');

    private final char emoDbCode;

    Emotion(char emoDbCode) {
        this.emoDbCode = emoDbCode;
    }

    /** The label as written in events, reports and the model metadata: lower-case English. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The letter EmoDB uses for this emotion in its file names (German initial, e.g. W = Ärger). */
    public char emoDbCode() {
        return emoDbCode;
    }

    /** All labels in output order: anger, boredom, disgust, fear, happiness, sadness, neutral. */
    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(Emotion::label).toList();
    }

    /**
     * The emotion for an EmoDB file-name letter.
     *
     * @throws IllegalArgumentException naming the letter and the valid set if it is not one of W L E A F T N
     */
    public static Emotion fromEmoDbCode(char code) {
        for (Emotion e : values()) {
            if (e.emoDbCode == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown EmoDB emotion letter '" + code
                + "', expected one of W (anger), L (boredom), E (disgust), A (fear), F (happiness), T (sadness), N (neutral)");
    }

    /**
     * The emotion for a label such as {@code "anger"} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the label and the valid set if it is unknown
     */
    public static Emotion fromLabel(String label) {
        for (Emotion e : values()) {
            if (e.label().equalsIgnoreCase(label)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown emotion label '" + label + "', expected one of " + labels());
    }
}
