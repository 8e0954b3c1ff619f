package io.clickstream.pipeline.definition;

/**
 * Where a pipeline's lake lives ({@code raw/}, {@code modeled/}, {@code quarantine/}, {@code _state/}, as the
 * event-model's {@code LakeLayout} describes).
 *
 * @param directory local runtime: the lake directory; null lets the runtime choose (the {@code default} pipeline
 *                  uses {@code <data-dir>/lake}, any other {@code <data-dir>/pipelines/<name>/lake}). Must be null on AWS
 * @param bucket    AWS: an existing bucket to hold the lake; null creates a private, encrypted bucket for it. Must be
 *                  null locally
 * @param prefix    AWS: key prefix of the lake inside the bucket, without a leading '/'; empty (default) for the root
 */
public record LakeDefinition(String directory, String bucket, String prefix) {

    public LakeDefinition {
        prefix = prefix == null ? "" : prefix;
    }

    /** The runtime's choice of directory, or a new bucket on AWS. */
    public static LakeDefinition defaults() {
        return new LakeDefinition(null, null, null);
    }
}
