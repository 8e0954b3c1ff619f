/**
 * Small pieces every stack uses the same way: cdk-nag suppressions with their reasons, encrypted log groups with a
 * retention, and where a container image comes from.
 */
package io.clickstream.infra.common;
