/**
 * The AWS CDK app that deploys Clickstream Studio to AWS. {@link io.clickstream.infra.ClickstreamCdkApp} only wires
 * stacks; each stack is one class with typed props.
 */
package io.clickstream.infra;
