package io.clickstream.pipeline.lifecycle;

/** No pipeline has this id. The API answers {@code 404}. */
public final class PipelineNotFoundException extends RuntimeException {

    public PipelineNotFoundException(String id) {
        super("there is no pipeline '" + id + "'");
    }
}
