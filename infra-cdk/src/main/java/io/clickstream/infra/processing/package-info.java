/** The ETL on AWS: an EMR Serverless Spark application running the thin etl-job jar on a schedule. */
package io.clickstream.infra.processing;
