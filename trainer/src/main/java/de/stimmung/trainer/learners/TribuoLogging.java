package de.stimmung.trainer.learners;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Tribuo's java.util.logging chatter out of training runs. Tribuo logs at INFO once per
 * random-forest tree ("Building model 17") and per SGD fit; a leave-one-speaker-out run over all
 * baselines would print thousands of such lines.
 *
 * <p>Before Tribuo code runs, the {@code org.tribuo} logger is raised to WARNING unless the
 * application has already given it a level (e.g. {@code org.tribuo.level = INFO} in a
 * logging.properties), which is then respected. Warnings and errors always get through.
 */
final class TribuoLogging {

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    private TribuoLogging() {
    }

    /** Runs {@code work} (a Tribuo training call) with Tribuo's INFO logging quietened as described above. */
    static <T> T quietly(Supplier<T> work) {
        synchronized (TRIBUO) {
            if (TRIBUO.getLevel() == null) {
                TRIBUO.setLevel(Level.WARNING);
            }
        }
        return work.get();
    }
}
