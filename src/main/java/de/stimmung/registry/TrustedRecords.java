package de.stimmung.registry;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro (1.12+, which refuses to instantiate classes it was not told to trust) to trust
 * exactly Stimmung's generated record classes, once per JVM. Every serde calls {@link #install()}.
 */
public final class TrustedRecords {

    private TrustedRecords() {
    }

    /** Idempotent and thread-safe (class initialisation runs once). */
    public static void install() {
        Holder.INSTALLED.hashCode();
    }

    private static final class Holder {
        static final Object INSTALLED = installOnce();

        private static Object installOnce() {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                    ClassSecurityValidator.builder().add(de.stimmung.avro.AudioChunk.class)
                            .add(de.stimmung.avro.AudioEncoding.class).add(de.stimmung.avro.EmotionEvent.class)
                            .add(de.stimmung.avro.DeadLetter.class).add(de.stimmung.avro.state.CallState.class)
                            // the call monitor's records (alerts, acknowledgements, the dashboard's call views)
                            .add(de.stimmung.avro.EmotionAlert.class).add(de.stimmung.avro.AlertState.class)
                            .add(de.stimmung.avro.AlertAck.class).add(de.stimmung.avro.state.CallView.class)
                            .add(de.stimmung.avro.state.ChannelView.class).add(de.stimmung.avro.state.TimelinePoint.class)
                            .add(de.stimmung.avro.state.OpenAlert.class).build()));
            return Boolean.TRUE;
        }
    }
}
