package io.clickstream.pipeline.local;

/**
 * Whether the JVM has begun to shut down (SIGTERM, Ctrl-C, {@code System.exit}): the local runtime starts no work
 * from then on, since neither it nor Spark could register the hooks that stop that work quietly.
 */
final class Shutdown {

    private Shutdown() {
    }

    /** True once the JVM runs its shutdown hooks; asks the JVM itself (adding a hook is refused then). */
    static boolean inProgress() {
        Thread probe = new Thread(() -> { }, "shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
