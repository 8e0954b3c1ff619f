/** QuickSight over the modeled tables: a data source (Athena or Redshift) and one dataset per modeled table. */
package io.clickstream.infra.reporting;
