package de.stimmung.registry;

import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro (1.12+, which refuses to instantiate classes it was not told to trust) to trust, on
 * top of its defaults, exactly the classes that Avro's code generator wrote (records and enums,
 * marked {@link AvroGenerated}): plain data holders, never the gadget classes the check guards
 * against. So the registry needs no list of anybody's records, and a new schema needs no entry
 * here. Installed once per JVM; every serde calls {@link #install()}.
 */
public final class TrustedRecords {

    private TrustedRecords() {
    }

    /** Idempotent and thread-safe (class initialisation runs once). */
    public static void install() {
        Holder.INSTALLED.hashCode();
    }

    /** Whether Avro may instantiate {@code type} here: a class Avro generated from a schema. */
    static boolean isTrusted(Class<?> type) {
        return type.isAnnotationPresent(AvroGenerated.class);
    }

    private static final class Holder {
        static final Object INSTALLED = installOnce();

        private static Object installOnce() {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                    TrustedRecords::isTrusted));
            return Boolean.TRUE;
        }
    }
}
