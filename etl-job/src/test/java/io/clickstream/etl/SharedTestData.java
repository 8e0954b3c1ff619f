package io.clickstream.etl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates third-party reference data (MaxMind test databases, uap-core test cases) and fails naming every place it
 * looked. In order: {@code -Dclickstream.testdata.dir}, {@code ../shared/testdata} beside the project, and
 * {@code target/testdata} of the project, where {@code scripts/fetch-testdata.sh} puts them.
 */
public final class SharedTestData {

    private SharedTestData() {
    }

    public static Path file(String relative) {
        List<String> looked = new ArrayList<>();
        String configured = System.getProperty("clickstream.testdata.dir");
        if (configured != null && !configured.isBlank()) {
            Path f = Path.of(configured).resolve(relative).toAbsolutePath().normalize();
            if (Files.isRegularFile(f)) {
                return f;
            }
            looked.add(f + " (-Dclickstream.testdata.dir)");
        } else {
            looked.add("-Dclickstream.testdata.dir (not set)");
        }
        // Surefire passes the reactor root; a test run from the module directory falls back to its parent.
        String projectProperty = System.getProperty("clickstream.project.dir");
        Path project = projectProperty != null ? Path.of(projectProperty) : Path.of("..");
        for (Path dir : List.of(project.resolve("../shared/testdata"), project.resolve("target/testdata"))) {
            Path f = dir.resolve(relative).toAbsolutePath().normalize();
            if (Files.isRegularFile(f)) {
                return f;
            }
            looked.add(f.toString());
        }
        throw new IllegalStateException("test data " + relative + " not found; looked in " + String.join(", ", looked)
                + ". Run scripts/fetch-testdata.sh (fills target/testdata) or pass -Dclickstream.testdata.dir=DIR.");
    }
}
