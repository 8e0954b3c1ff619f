/** A CloudWatch dashboard per pipeline and its alarms, published to an encrypted SNS topic. */
package io.clickstream.infra.monitoring;
