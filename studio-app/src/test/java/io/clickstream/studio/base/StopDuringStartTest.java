package io.clickstream.studio.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A SIGTERM while the studio starts ends the JVM at once and quietly; once the start is over, a SIGTERM is the
 * ordinary graceful stop (the application's shutdown hooks run). Runs a small JVM that installs the guard.
 */
class StopDuringStartTest {

    @Test
    void a_sigterm_during_the_start_ends_the_jvm_at_once_without_running_the_graceful_hooks() throws Exception {
        List<String> out = sigtermAfterReady(false);
        assertThat(out).anyMatch(l -> l.contains("Stopped while starting"));
        assertThat(out).noneMatch(l -> l.contains("graceful hook ran"));
        assertThat(out).noneMatch(l -> l.contains("ERROR"));
    }

    @Test
    void a_sigterm_after_the_start_is_the_graceful_stop() throws Exception {
        List<String> out = sigtermAfterReady(true);
        assertThat(out).anyMatch(l -> l.contains("graceful hook ran"));
        assertThat(out).noneMatch(l -> l.contains("Stopped while starting"));
    }

    /** Starts {@link Starting}, sends SIGTERM once it is ready, and returns its output; it must exit within 20 s. */
    private static List<String> sigtermAfterReady(boolean started) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Starting.class.getName(),
                Boolean.toString(started)).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (line.equals("ready")) {
                    p.toHandle().destroy(); // SIGTERM, the streams left open (Process.destroy closes them)
                }
            }
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(p.exitValue()).isEqualTo(StopDuringStart.EXIT_STATUS);
        return lines;
    }

    /** A JVM that is "starting" (or has started, with {@code true}) when it prints {@code ready}. */
    public static final class Starting {
        public static void main(String[] args) throws Exception {
            StopDuringStart guard = StopDuringStart.install();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.println("graceful hook ran");
            }));
            if (Boolean.parseBoolean(args[0])) {
                guard.startEnded();
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
