/**
 * Demo traffic: a seeded model of users, sessions, page views and a purchase funnel on several platforms, browsers
 * and countries, turned into SDK-shaped requests and sent over real HTTP to an ingestion endpoint, so that a new
 * installation shows populated dashboards and benchmarks have realistic input.
 */
package io.clickstream.pipeline.demo;
