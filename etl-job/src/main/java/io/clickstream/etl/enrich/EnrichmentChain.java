package io.clickstream.etl.enrich;

import io.clickstream.etl.EtlConfig;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordered enrichers of one task: built-in ones first (their order matters: the bot filter reads the parsed
 * user agent, PII masking runs before plugins see custom parameters), then the user's plugins.
 */
public final class EnrichmentChain {

    private final List<EventEnricher> steps;

    public EnrichmentChain(List<EventEnricher> steps, EnrichmentContext context) {
        this.steps = List.copyOf(steps);
        for (EventEnricher step : this.steps) {
            step.configure(context);
        }
    }

    /** The chain the settings ask for. Plugin classes are loaded through the thread's context class loader. */
    public static EnrichmentChain create(EtlConfig config) {
        List<EventEnricher> steps = new ArrayList<>(BuiltInEnrichers.forConfig(config));
        for (String className : config.plugins()) {
            steps.add(instantiate(className, config.pluginJars()));
        }
        return new EnrichmentChain(steps, new EnrichmentContext(config));
    }

    /** Runs every step; false when a step dropped the event. */
    public boolean apply(EventRecord event) {
        for (EventEnricher step : steps) {
            if (!step.enrich(event)) {
                return false;
            }
        }
        return true;
    }

    /** Loaders over plugin jars that are local files, by jar list, shared by the tasks of a JVM. */
    private static final Map<List<String>, ClassLoader> JAR_LOADERS = new ConcurrentHashMap<>();

    private static EventEnricher instantiate(String className, List<String> jars) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null) {
            context = EnrichmentChain.class.getClassLoader();
        }
        try {
            Class<?> type;
            try {
                // On a cluster, spark-submit --jars (or SparkContext.addJar) has put the jar on the task's loader.
                type = Class.forName(className, true, context);
            } catch (ClassNotFoundException notOnTaskPath) {
                // In-process (local master) the jar is a local file: load it beside the ETL's own classes.
                type = Class.forName(className, true, jarLoader(jars, notOnTaskPath));
            }
            if (!EventEnricher.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("plugin " + className + " does not implement "
                        + EventEnricher.class.getName());
            }
            return (EventEnricher) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot load plugin " + className
                    + " (is its jar given with --plugin-jar?): " + e, e);
        }
    }

    private static ClassLoader jarLoader(List<String> jars, ClassNotFoundException cause) throws ClassNotFoundException {
        List<URL> urls = new ArrayList<>();
        for (String jar : jars) {
            File f = new File(jar.startsWith("file:") ? jar.substring(5) : jar);
            if (f.isFile()) {
                try {
                    urls.add(f.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad plugin jar path " + jar, e);
                }
            }
        }
        if (urls.isEmpty()) {
            throw cause;
        }
        return JAR_LOADERS.computeIfAbsent(List.copyOf(jars),
                k -> new URLClassLoader(urls.toArray(URL[]::new), EventEnricher.class.getClassLoader()));
    }
}
