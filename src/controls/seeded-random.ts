// Reproducible randomness for latency ranges and error rates: the same seed gives the same run, anywhere.
import { randomInt } from 'node:crypto'

/** Uniform in [0, 1), like Math.random. */
export type Random = () => number

const TWO_TO_THE_32 = 2 ** 32

/** FNV-1a over UTF-16 code units: tiny and stable, which is all a seed needs. */
function hashSeed (seed: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * A mulberry32 generator: 32 bits of state, full period, good enough statistics for picking delays,
 * and unlike Math.random it can be seeded. A numeric seed is hashed through its decimal text, so 42
 * and '42' (say, from an environment variable) give the same sequence. Without a seed every call
 * draws a fresh one from the system's secure source, so runs differ.
 */
export function createRandom (seed?: number | string): Random {
  let state = seed === undefined ? randomInt(0, TWO_TO_THE_32) : hashSeed(String(seed))
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / TWO_TO_THE_32
  }
}
