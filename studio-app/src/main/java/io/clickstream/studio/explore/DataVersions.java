package io.clickstream.studio.explore;

/**
 * Port: a token that changes whenever an app's modeled data changes (an ETL commit), so cached answers computed on
 * older data are never served.
 */
public interface DataVersions {

    String versionOf(String appId);
}
