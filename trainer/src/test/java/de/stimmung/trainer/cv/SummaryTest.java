package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SummaryTest {

    /* mean (0.5+0.7+0.9)/3 = 0.7; population variance (0.04+0+0.04)/3 = 0.08/3; std = sqrt(0.0266...) = 0.163299... */
    @Test
    void meanAndPopulationStdOfThreeFolds() {
        Summary s = Summary.of(0.5, 0.7, 0.9);
        assertEquals(0.7, s.mean(), 1e-12);
        assertEquals(Math.sqrt(0.08 / 3), s.std(), 1e-12);
        assertEquals(0.163299, s.std(), 1e-6);
    }

    @Test
    void oneFoldHasZeroSpread() {
        assertEquals(new Summary(0.25, 0.0), Summary.of(0.25));
    }

    @Test
    void noValuesIsAnError() {
        assertThrows(IllegalArgumentException.class, Summary::of);
    }

    @Test
    void printsMeanPlusMinusStdWithFourDecimals() {
        assertEquals("0.7000 ± 0.1633", Summary.of(0.5, 0.7, 0.9).toString());
    }
}
