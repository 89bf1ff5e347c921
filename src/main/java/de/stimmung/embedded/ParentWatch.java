package de.stimmung.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point wrapped around a child JVM's real main class so the child exits when its parent
 * does, however the parent ends (even SIGKILL): the parent holds the write end of the child's
 * stdin, so when the parent dies the child reads end-of-file and exits. Depends on the JDK only;
 * it is copied out of the jar and put on the child's class path before the child's own jars.
 * Usage: {@code java -cp WATCHDIR:app.jar de.stimmung.embedded.ParentWatch MAIN_CLASS ARGS...}
 */
public final class ParentWatch {

    private ParentWatch() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ParentWatch MAIN_CLASS [ARGS...]");
        }
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the parent is gone, as end-of-file does
            }
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
