package io.clickstream.pipeline.validation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Finds out whether the collector could listen on a port. */
@FunctionalInterface
public interface PortProbe {

    /** Why {@code host:port} cannot be bound now, or empty when it can. */
    Optional<String> whyUnavailable(String host, int port);

    /**
     * Binds the port for a moment and lets it go. Address reuse is on, as the collector's, so a port still in
     * TIME_WAIT after a pipeline stopped counts as free.
     */
    static PortProbe system() {
        return (host, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port));
                return Optional.empty();
            } catch (java.net.BindException e) {
                String reason = e.getMessage() == null ? "" : e.getMessage();
                if (reason.contains("in use")) {
                    return Optional.of("port " + port + " is in use by another program on this machine");
                }
                if (reason.contains("ermission")) {
                    return Optional.of("port " + port + " cannot be opened: permission denied (ports below 1024 need "
                            + "administrator rights; choose one above 1024)");
                }
                return Optional.of("port " + port + " cannot be opened on " + host + ": " + reason);
            } catch (IOException | IllegalArgumentException | SecurityException e) {
                return Optional.of("port " + port + " cannot be opened on " + host + ": " + e.getMessage());
            }
        };
    }
}
