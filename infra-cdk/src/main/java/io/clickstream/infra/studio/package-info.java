/**
 * The studio on AWS: studio-app on ECS behind a load balancer with sticky sessions, the metadata store's DynamoDB
 * table, sign-in through Cognito or an external OIDC issuer, and its secrets in Secrets Manager.
 */
package io.clickstream.infra.studio;
