/**
 * Brute-force reference computations of every analysis, in plain Java over the generated events, written from the
 * analyses' definitions without SQL, to check the engine against.
 */
package io.clickstream.studio.explore.reference;
