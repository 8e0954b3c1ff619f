package io.clickstream.pipeline.validation;

import com.maxmind.geoip2.DatabaseReader;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The checks of a local pipeline that look at this machine: directories, the GeoIP database, plugin classes. Each
 * opens the real thing the way the runtime will (MaxMind's reader, a class loader over the jar) and says what is
 * wrong in plain words.
 */
final class LocalResources {

    /** A plugin that will not load; {@code inJar} when the jar itself is the problem. */
    record PluginProblem(boolean inJar, String message) {
    }

    private final ClassLoader pluginParent;
    private final Class<?> pluginType;

    LocalResources(ClassLoader pluginParent, Class<?> pluginType) {
        this.pluginParent = pluginParent;
        this.pluginType = pluginType;
    }

    /** The path a definition names, relative ones under {@code baseDir}; empty when the text is no path at all. */
    static Optional<Path> resolve(Path baseDir, String text) {
        try {
            return Optional.of(baseDir.resolve(text));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    Optional<String> writableDirectory(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("no part of " + dir + " exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a directory");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of("the studio may not write to " + existing);
        }
        return Optional.empty();
    }

    Optional<String> geoipDatabase(Path file) {
        if (!Files.exists(file)) {
            return Optional.of("there is no file " + file + ": download a MaxMind GeoLite2 or GeoIP2 City database "
                    + "(.mmdb) and give its path");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.of(file + " is not a readable file");
        }
        try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
            String type = reader.getMetadata().getDatabaseType();
            if (!type.contains("City")) {
                return Optional.of(file.getFileName() + " is a " + type + " database; geolocation needs a City "
                        + "database (GeoLite2-City or GeoIP2-City)");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(file.getFileName() + " is not a MaxMind database (.mmdb): " + e.getMessage());
        }
    }

    /** @param jar the plugin's jar, null when the class is on the ETL's classpath */
    Optional<PluginProblem> pluginClass(String className, Path jar) {
        URL jarUrl = null;
        if (jar != null) {
            Path file = jar;
            if (!Files.isRegularFile(file)) {
                return Optional.of(new PluginProblem(true, "there is no jar " + file));
            }
            try (JarFile ignored = new JarFile(file.toFile())) {
                jarUrl = file.toUri().toURL();
            } catch (IOException e) {
                return Optional.of(new PluginProblem(true, file.getFileName() + " is not a jar: " + e.getMessage()));
            }
        }
        String where = jar == null ? "on the ETL's classpath (give the jar that holds it)" : "in " + jar;
        try (URLClassLoader loader = new URLClassLoader(jarUrl == null ? new URL[0] : new URL[] {jarUrl}, pluginParent)) {
            Class<?> type = Class.forName(className, false, loader);
            if (!pluginType.isAssignableFrom(type)) {
                return problem(className + " does not implement " + pluginType.getName());
            }
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                return problem(className + " is abstract: the ETL needs a class it can create");
            }
            if (!Modifier.isPublic(type.getModifiers())) {
                return problem(className + " is not public");
            }
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                    return problem(className + " needs a public constructor without arguments");
                }
            } catch (NoSuchMethodException e) {
                return problem(className + " needs a public constructor without arguments");
            }
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return problem("there is no class " + className + " " + where);
        } catch (LinkageError e) {
            return problem(className + " cannot be loaded: " + e);
        } catch (MalformedURLException e) {
            return Optional.of(new PluginProblem(true, e.getMessage()));
        } catch (IOException e) {
            return Optional.of(new PluginProblem(true, "cannot read " + jar + ": " + e.getMessage()));
        }
    }

    private static Optional<PluginProblem> problem(String message) {
        return Optional.of(new PluginProblem(false, message));
    }
}
