package io.clickstream.etl;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/testdata (third-party reference data) and fails clearly when it is missing. */
public final class SharedTestData {

    private SharedTestData() {
    }

    public static Path file(String relative) {
        String configured = System.getProperty("clickstream.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path file = shared.resolve("testdata").resolve(relative).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("shared test data missing: " + file
                    + " (set -Dclickstream.shared.dir or put the shared folder next to the project)");
        }
        return file;
    }
}
