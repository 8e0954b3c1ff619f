/** The VPC the services run in: a new one or an existing one, with endpoints that keep data traffic off the NAT. */
package io.clickstream.infra.network;
