package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoizedLearnerTest {

    private static FeatureTable table(float shift) {
        return new FeatureTable(new float[][] {{shift, 0}, {1 + shift, 1}}, new int[] {0, 1}, new String[] {"a", "b"},
                new String[] {"a-0", "b-1"}, 2);
    }

    /** Counts fits; each fit holds until {@code release} opens, so tests can see what runs at once. */
    private static final class Gated implements Learner {
        final AtomicInteger fits = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public ProbabilisticClassifier fit(FeatureTable train, long seed) {
            fits.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
            if (train.features()[0][0] < 0) {
                throw new IllegalArgumentException("negative rows cannot be fitted");
            }
            return f -> new float[f.length][train.numClasses()];
        }
    }

    @Test
    void oneRequestTrainsAndAConcurrentSameRequestWaitsForItWhileOtherRowsTrainAtOnce() throws Exception {
        Gated inner = new Gated();
        MemoizedLearner memo = new MemoizedLearner(inner);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<ProbabilisticClassifier> first = pool.submit(() -> memo.fit(table(0), 1));
            Future<ProbabilisticClassifier> same = pool.submit(() -> memo.fit(table(0), 1));
            Future<ProbabilisticClassifier> other = pool.submit(() -> memo.fit(table(5), 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inner.running.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, inner.running.get(), "the two different tables are fitted at the same time");
            inner.release.countDown();
            assertSame(first.get(), same.get(), "the same rows and seed get the same fit");
            other.get();
            assertEquals(2, inner.fits.get(), "the repeated request trained nothing");
            assertEquals(2, memo.size());
            assertSame(first.get(), memo.fit(table(0), 1));
            memo.fit(table(0), 2);
            assertEquals(3, inner.fits.get(), "another seed is another fit");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedFitIsNotRememberedAndFailsAgainWithItsOwnError() {
        Gated inner = new Gated();
        inner.release.countDown();
        MemoizedLearner memo = new MemoizedLearner(inner);
        assertThrows(IllegalArgumentException.class, () -> memo.fit(table(-3), 1));
        assertThrows(IllegalArgumentException.class, () -> memo.fit(table(-3), 1));
        assertEquals(2, inner.fits.get(), "a failure is retried, not cached");
        assertEquals(0, memo.size());
    }
}
