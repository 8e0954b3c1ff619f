/**
 * The typed query model of explorations and their results: one query record per analysis (event, funnel, path,
 * retention, attribution, lifecycle) and the parts they share (time range, conditions, windows). These records are
 * also the public JSON shapes of {@code /api/v1/apps/{appId}/explore/...}; they carry what the user asked, and
 * {@code QueryValidator} checks them before any SQL is built.
 */
package io.clickstream.studio.explore.model;
