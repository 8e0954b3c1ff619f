/**
 * What every feature shares: the {@code clickstream.*} configuration record, the clock, and the exceptions services
 * throw for refused input ({@link io.clickstream.studio.base.InvalidInputException} with a
 * {@link io.clickstream.studio.base.FieldMessage} per field, {@link io.clickstream.studio.base.NotFoundException},
 * {@link io.clickstream.studio.base.ConflictException}), which views show next to the field and the API turns into
 * problem details. Nothing here depends on a feature package, so every feature may depend on it.
 */
package io.clickstream.studio.base;
