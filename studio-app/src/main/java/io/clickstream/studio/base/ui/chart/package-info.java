/**
 * A reusable chart component over Apache ECharts (npm {@code echarts}, drawn by the {@code cs-echart} web
 * component in the frontend directory) and builders for the option objects of the studio's usual chart shapes.
 */
package io.clickstream.studio.base.ui.chart;
