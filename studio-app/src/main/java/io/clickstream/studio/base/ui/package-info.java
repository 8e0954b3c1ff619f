/**
 * The application shell every signed-in view lives in ({@code MainLayout}) and UI building blocks shared by
 * features, such as the ECharts chart component in {@code chart}.
 */
package io.clickstream.studio.base.ui;
