package de.stimmung.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;

class JvmExitGuardTest {

    @Test
    void kafkaHaltAndExitThrowInsteadOfEndingTheJvmWhileTheGuardIsHeld() {
        List<String> reasons = new ArrayList<>();
        JvmExitGuard.Hold hold = JvmExitGuard.hold(reasons::add);
        try {
            IllegalStateException halted = assertThrows(IllegalStateException.class,
                    () -> Exit.halt(1, "simulated log directory failure"));
            assertThrows(IllegalStateException.class, () -> Exit.exit(3, "simulated metadata fault"));

            assertEquals(2, reasons.size(), reasons.toString());
            assertTrue(halted.getMessage().contains("halt the JVM with status 1 (simulated log directory failure)")
                    && halted.getMessage().contains("start it again"), halted.getMessage());
            assertTrue(reasons.get(1).contains("exit the JVM with status 3"), reasons.get(1));
        } finally {
            hold.close();
        }
    }

    @Test
    void everyHolderHearsOfTheFatalError() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        JvmExitGuard.Hold a = JvmExitGuard.hold(first::add);
        JvmExitGuard.Hold b = JvmExitGuard.hold(second::add);
        try {
            assertThrows(IllegalStateException.class, () -> Exit.halt(1, "boom"));
        } finally {
            b.close();
            a.close();
        }
        assertEquals(1, first.size());
        assertEquals(1, second.size());
    }
}
