package io.clickstream.etl.enrich;

import io.clickstream.etl.EtlConfig;
import java.util.ArrayList;
import java.util.List;

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
            steps.add(instantiate(className));
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

    private static EventEnricher instantiate(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = EnrichmentChain.class.getClassLoader();
        }
        try {
            Class<?> type = Class.forName(className, true, loader);
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
}
