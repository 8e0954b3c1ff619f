/**
 * The lake bucket (DESIGN.md's layout: {@code raw/}, {@code modeled/}, {@code quarantine/}, {@code _state/}), the
 * bucket that receives S3 and load-balancer access logs, and the deployment's customer-managed key.
 */
package io.clickstream.infra.lake;
