package io.clickstream.pipeline.validation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What a definition is checked against besides itself: the other pipelines of the studio and this machine.
 *
 * @param baseDir           relative local paths (lake directory, GeoIP database, plugin jars) resolve against it,
 *                          normally the studio's data directory
 * @param otherPipelines    names of the studio's other pipelines (a name is unique)
 * @param reservedPorts     ingestion ports of the other local pipelines, to the pipeline's name (they may be stopped,
 *                          so a probe alone would miss them)
 * @param currentPort       the port this pipeline's ingestion holds now when it is being updated, or -1: keeping
 *                          one's own port is not a conflict
 * @param ports             how to find out whether a port can be bound
 */
public record ValidationContext(Path baseDir, Set<String> otherPipelines, Map<Integer, String> reservedPorts,
                                int currentPort, PortProbe ports) {

    public ValidationContext {
        baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
        otherPipelines = Set.copyOf(otherPipelines == null ? Set.of() : otherPipelines);
        reservedPorts = Map.copyOf(reservedPorts == null ? Map.of() : reservedPorts);
        ports = ports == null ? PortProbe.system() : ports;
    }

    /** A first pipeline on this machine: nothing else reserved, ports probed by binding them. */
    public static ValidationContext standalone(Path baseDir) {
        return new ValidationContext(baseDir, Set.of(), Map.of(), -1, PortProbe.system());
    }
}
