/**
 * Clickstream Studio, the web app over the clickstream lake. Each subpackage is one feature: {@code base} holds
 * configuration and the application shell, {@code security} the login and roles, {@code query} the SQL engine over
 * the modeled tables, {@code overview} the built-in Overview dashboard. Features with screens keep them in a
 * {@code ui} subpackage so that services never depend on Vaadin views. The local runtime (ingestion, scheduled ETL,
 * demo traffic) plugs in as {@code io.clickstream.studio.runtime} when {@code clickstream.runtime=local}.
 */
package io.clickstream.studio;
