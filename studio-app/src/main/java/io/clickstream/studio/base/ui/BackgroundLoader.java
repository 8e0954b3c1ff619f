package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import io.clickstream.studio.base.BackgroundTasks;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a view's query on {@link BackgroundTasks} and hands its answer (or failure) back to the view inside
 * {@code ui.access}, which server push delivers to the browser. Only the latest load of a loader counts: an answer
 * that a newer choice (another app, another range) has made obsolete is dropped.
 */
public final class BackgroundLoader {

    private final BackgroundTasks tasks;
    private final AtomicLong latest = new AtomicLong();
    private Future<?> running;

    public BackgroundLoader(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /** Starts {@code query}; {@code show} or {@code failed} then runs with the UI locked, unless a newer load began. */
    public <T> void load(Component owner, Supplier<T> query, Consumer<T> show, Consumer<RuntimeException> failed) {
        UI ui = owner.getUI().orElseGet(UI::getCurrent);
        long id = latest.incrementAndGet();
        if (running != null) {
            running.cancel(false);
        }
        running = tasks.submit(() -> {
            T value = null;
            RuntimeException error = null;
            try {
                value = query.get();
            } catch (RuntimeException e) {
                error = e;
            }
            T answer = value;
            RuntimeException failure = error;
            try {
                ui.access(() -> {
                    if (latest.get() != id) {
                        return;
                    }
                    if (failure == null) {
                        show.accept(answer);
                    } else {
                        failed.accept(failure);
                    }
                });
            } catch (UIDetachedException e) {
                // The tab was closed meanwhile: nobody is waiting for the answer.
            }
        });
    }

    /** Forgets loads in flight: their answers will be dropped. */
    public void cancel() {
        latest.incrementAndGet();
        if (running != null) {
            running.cancel(false);
        }
    }
}
