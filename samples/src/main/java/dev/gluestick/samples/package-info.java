/**
 * The bundled sample: a small language-conditioned robot policy, its 2-D world, the expert that
 * teaches it, and the closed-loop evaluator (success and unsafe-episode rates).
 */
package dev.gluestick.samples;
