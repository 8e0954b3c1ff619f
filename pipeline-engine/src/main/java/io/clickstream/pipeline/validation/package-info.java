/**
 * Validation of pipeline definitions before anything runs: every field's value and the combinations of fields, and
 * for the local runtime the machine itself (is the port free, does the GeoIP file exist and open, does the plugin
 * class load). Problems come back as a list of {@link io.clickstream.pipeline.definition.FieldError}s, one per field,
 * in words a person understands.
 */
package io.clickstream.pipeline.validation;
