package de.stimmung.trainer.learners;

import de.stimmung.features.FeatureSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Decides from a feature vector alone whether its audio reached the service wideband (energy above
 * the telephone band) or through an 8 kHz line. Wideband means both: the loud end of a mel band
 * wholly above 4 kHz ({@link #HIGH_FEATURE}) is at least {@code absoluteThreshold}, and it is at most
 * {@code -relativeThreshold} below the loud end of a voice-band mel band ({@link #REFERENCE_FEATURE}).
 * After an 8 kHz line the high band holds only the resampler's stop-band leakage, about 125 dB under
 * the voice band, so a loud telephone input fails the relative test and a quiet one the absolute
 * test; a wideband input fails only when it has almost no fricative energy, and then goes to the
 * telephone-robust model, which handles clean audio too. The same rule runs in Java
 * ({@link #wideband}) and in the exported ONNX graph.
 *
 * @param high              index of {@link #HIGH_FEATURE} in the feature vector
 * @param reference         index of {@link #REFERENCE_FEATURE}
 * @param absoluteThreshold least {@code x[high]} of a wideband row
 * @param relativeThreshold least {@code x[high] - x[reference]} of a wideband row
 */
public record ChannelGate(int high, int reference, float absoluteThreshold, float relativeThreshold) {

    /**
     * Mel band 22 of revision 2's 26 (20 Hz to 8 kHz): 4.3-5.3 kHz, wholly above an 8 kHz line's
     * Nyquist frequency; fricatives fill it in wideband speech.
     */
    public static final String HIGH_FEATURE = "logMel22_pctl95";
    /** Mel band 8: 0.7-1.0 kHz, in the voice band of every channel. */
    public static final String REFERENCE_FEATURE = "logMel08_pctl95";

    /** Whether the row counts as wideband audio. */
    public boolean wideband(float[] row) {
        return row[high] >= absoluteThreshold && row[high] - row[reference] >= relativeThreshold;
    }

    /** The network index of wideband rows in {@link #networks}. */
    public static final int WIDEBAND = 0;
    /** The network index of telephone rows in {@link #networks}. */
    public static final int TELEPHONE = 1;

    /** Per row, {@link #WIDEBAND} where the gate calls it wideband, else {@link #TELEPHONE}. */
    public int[] networks(float[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = wideband(rows[i]) ? WIDEBAND : TELEPHONE;
        }
        return out;
    }

    /**
     * Fits both thresholds on training rows (wideband) and their telephone copies: each lies midway
     * between the copies' largest value and the wideband rows' 1st percentile, or at the copies'
     * largest value where those overlap, so that no training copy counts as wideband.
     */
    public static ChannelGate fit(float[][] widebandRows, float[][] telephoneRows) {
        if (widebandRows.length == 0 || telephoneRows.length == 0) {
            throw new IllegalArgumentException("a channel gate needs wideband rows and telephone copies, got "
                    + widebandRows.length + " and " + telephoneRows.length);
        }
        int[] gate = indices();
        int high = gate[0];
        int reference = gate[1];
        double[] wideAbs = column(widebandRows, high, -1);
        double[] telAbs = column(telephoneRows, high, -1);
        double[] wideRel = column(widebandRows, high, reference);
        double[] telRel = column(telephoneRows, high, reference);
        return new ChannelGate(high, reference, threshold(wideAbs, telAbs), threshold(wideRel, telRel));
    }

    /**
     * The indices of {@link #HIGH_FEATURE} and {@link #REFERENCE_FEATURE} in vectors of the default
     * feature spec; none for vectors of another length (synthetic test tables).
     */
    public static int[] features(int dimension) {
        return dimension == FeatureSpec.defaults().dimension() ? indices() : new int[0];
    }

    /** {@link #HIGH_FEATURE} and {@link #REFERENCE_FEATURE}'s indices in the default feature spec. */
    private static int[] indices() {
        List<String> names = FeatureSpec.defaults().featureNames();
        return new int[] {index(names, HIGH_FEATURE), index(names, REFERENCE_FEATURE)};
    }

    static float threshold(double[] wide, double[] telephone) {
        double[] w = wide.clone();
        Arrays.sort(w);
        double lowWide = w[(int) Math.floor(0.01 * (w.length - 1))];
        double highTelephone = Arrays.stream(telephone).max().orElseThrow();
        double t = lowWide > highTelephone ? (lowWide + highTelephone) / 2 : highTelephone;
        // strictly above every copy in float arithmetic, as the graph compares in float
        return Math.nextUp((float) t);
    }

    private static double[] column(float[][] rows, int a, int b) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = b < 0 ? rows[i][a] : rows[i][a] - rows[i][b];
        }
        return out;
    }

    private static int index(List<String> names, String feature) {
        int i = names.indexOf(feature);
        if (i < 0) {
            throw new IllegalStateException("the feature spec has no feature " + feature);
        }
        return i;
    }
}
