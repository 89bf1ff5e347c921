package de.stimmung.audio;

import java.io.IOException;

/**
 * A WAV file (or stream) that cannot be read: truncated, not RIFF/WAVE, or in an encoding this
 * package does not decode. The message names the source and the problem, and says what is
 * supported or how to fix it.
 */
public final class AudioFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message starts with the source name, for example {@code "foo.wav: ..."} */
    public AudioFormatException(String message) {
        super(message);
    }
}
