/** The Overview dashboard screen: KPI cards and ECharts charts over the overview service's results. */
package io.clickstream.studio.overview.ui;
