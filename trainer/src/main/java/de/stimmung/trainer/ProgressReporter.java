package de.stimmung.trainer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows progress of long steps: a terminal progress bar (me.tongfei:progressbar), or nothing. */
interface ProgressReporter {

    /** A running step; {@link #set} may be called from any thread. */
    interface Task extends AutoCloseable {
        void set(long done);

        @Override
        void close();
    }

    Task start(String name, long total);

    /** Reports nothing (tests, embedding). */
    ProgressReporter SILENT = (name, total) -> new Task() {
        @Override
        public void set(long done) {
        }

        @Override
        public void close() {
        }
    };

    /** A progress bar on standard error. */
    static ProgressReporter bars() {
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build();
            return new Task() {
                @Override
                public synchronized void set(long done) {
                    bar.stepTo(done);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}
