package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void allListsTheSevenBaselineConfigurationsInReportOrder() {
        assertEquals(List.of("LGC", "RFC_50", "RFC_100", "RFC_200", "XGB_50", "XGB_100", "XGB_200"), Baselines.names());
    }

    @Test
    void lookupByNameReturnsTheConfigurationWithThatName() {
        for (String name : Baselines.names()) {
            assertEquals(name, Baselines.byName(name).name());
        }
        assertEquals(100, ((RandomForestLearner) Baselines.byName("RFC_100")).trees());
        assertEquals(200, ((GradientBoostingLearner) Baselines.byName("XGB_200")).rounds());
    }

    @Test
    void unknownNameErrorListsTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Baselines.byName("RFC_75"));
        assertTrue(e.getMessage().contains("'RFC_75'"), e.getMessage());
        assertTrue(e.getMessage().contains("[LGC, RFC_50, RFC_100, RFC_200, XGB_50, XGB_100, XGB_200]"), e.getMessage());
    }
}
