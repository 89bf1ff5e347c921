package de.stimmung.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void muLawReferenceCodesDecodeToTheG711Values() {
        assertEquals(0, G711.muLawToLinear(0xFF));
        assertEquals(0, G711.muLawToLinear(0x7F));
        assertEquals(-32124, G711.muLawToLinear(0x00));
        assertEquals(32124, G711.muLawToLinear(0x80));
        assertEquals(-8, G711.muLawToLinear(0x7E));
        assertEquals(8, G711.muLawToLinear(0xFE));
    }

    @Test
    void aLawReferenceCodesDecodeToTheG711Values() {
        assertEquals(8, G711.aLawToLinear(0xD5));
        assertEquals(-8, G711.aLawToLinear(0x55));
        assertEquals(32256, G711.aLawToLinear(0xAA));
        assertEquals(-32256, G711.aLawToLinear(0x2A));
    }

    @Test
    void muLawTableMatchesTheSegmentFormulaForAll256Codes() {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int exponent = (u >> 4) & 7;
            int mantissa = u & 0x0F;
            int magnitude14 = ((2 * mantissa + 33) << exponent) - 33;
            int expected = ((u & 0x80) != 0 ? -magnitude14 : magnitude14) * 4;
            assertEquals(expected, G711.muLawToLinear(code), String.format("mu-law code 0x%02X", code));
        }
    }

    @Test
    void aLawTableMatchesTheSegmentFormulaForAll256Codes() {
        for (int code = 0; code < 256; code++) {
            int a = code ^ 0x55;
            int exponent = (a >> 4) & 7;
            int mantissa = a & 0x0F;
            int magnitude13 = exponent == 0 ? 2 * mantissa + 1 : (2 * mantissa + 33) << (exponent - 1);
            int expected = ((a & 0x80) != 0 ? magnitude13 : -magnitude13) * 8;
            assertEquals(expected, G711.aLawToLinear(code), String.format("A-law code 0x%02X", code));
        }
    }

    @Test
    void encodingADecodedLevelGivesBackItsCode() {
        for (int code = 0; code < 256; code++) {
            assertEquals(code, G711.linearToALaw(G711.aLawToLinear(code)) & 0xFF, String.format("A-law 0x%02X", code));
            // 0x7F is mu-law's negative zero; it decodes to 0, which encodes as positive zero 0xFF.
            int expectedMu = code == 0x7F ? 0xFF : code;
            assertEquals(expectedMu, G711.linearToMuLaw(G711.muLawToLinear(code)) & 0xFF,
                    String.format("mu-law 0x%02X", code));
        }
    }

    @Test
    void everyLinearValueRoundTripsWithinHalfItsSegmentStep() {
        for (int x = -32768; x <= 32767; x++) {
            int mu = G711.muLawToLinear(G711.linearToMuLaw(x));
            int a = G711.aLawToLinear(G711.linearToALaw(x));
            // Step of the segment holding |x| (mu-law: 8 << exponent, A-law: 16 << exponent-1), plus the
            // truncation to 14 / 13 bits; beyond the largest level the error is the clipping distance.
            double muBound = Math.abs(x) > 32124 ? Math.abs(x) - 32124 : Math.abs(x) / 32.0 + 9;
            double aBound = Math.abs(x) > 32256 ? Math.abs(x) - 32256 + 8 : Math.abs(x) / 32.0 + 16;
            if (Math.abs(mu - x) > muBound) {
                throw new AssertionError("mu-law: " + x + " -> " + mu + ", error " + Math.abs(mu - x) + " > " + muBound);
            }
            if (Math.abs(a - x) > aBound) {
                throw new AssertionError("A-law: " + x + " -> " + a + ", error " + Math.abs(a - x) + " > " + aBound);
            }
        }
    }
}
