package de.stimmung.trainer.cv;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Leave-one-speaker-out splitter: one fold per distinct speaker, in sorted speaker order; the fold
 * tests on all rows of that speaker and trains on all other rows. Every row is tested exactly once
 * and no speaker is ever on both sides of a fold. Deterministic (no randomness); stateless and
 * thread-safe.
 */
public final class LeaveOneSpeakerOut {

    /** The protocol's name as written in reports. */
    public static final String NAME = "leave-one-speaker-out";

    /** {@value #NAME}. */
    public String name() {
        return NAME;
    }

    /** The folds for a table's speaker column; see {@link #split(String[])}. */
    public List<Fold> split(FeatureTable table) {
        return split(table.speakers());
    }

    /**
     * The folds for one speaker code per row.
     *
     * @throws IllegalArgumentException if a speaker is null or blank, or if there are fewer than two
     *                                  distinct speakers (nothing would be left to train on)
     */
    public List<Fold> split(String[] speakers) {
        if (speakers == null) {
            throw new IllegalArgumentException(NAME + ": speakers must not be null");
        }
        for (int i = 0; i < speakers.length; i++) {
            if (speakers[i] == null || speakers[i].isBlank()) {
                throw new IllegalArgumentException(NAME + ": row " + i + " has no speaker; every row needs one");
            }
        }
        TreeSet<String> distinct = new TreeSet<>(List.of(speakers));
        if (distinct.size() < 2) {
            throw new IllegalArgumentException(NAME + " needs at least 2 distinct speakers, got " + distinct
                    + "; add recordings of more speakers");
        }
        List<Fold> folds = new ArrayList<>(distinct.size());
        for (String speaker : distinct) {
            int testCount = 0;
            for (String s : speakers) {
                if (s.equals(speaker)) {
                    testCount++;
                }
            }
            int[] test = new int[testCount];
            int[] train = new int[speakers.length - testCount];
            int t = 0;
            int r = 0;
            for (int i = 0; i < speakers.length; i++) {
                if (speakers[i].equals(speaker)) {
                    test[t++] = i;
                } else {
                    train[r++] = i;
                }
            }
            folds.add(new Fold(folds.size(), speaker, train, test));
        }
        return folds;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
