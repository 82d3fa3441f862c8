// The VENICE_MOCK_LATENCY setting: a fixed delay ("150") or a range drawn from per request ("50-400").
import type { Random } from './seeded-random.js'

export interface LatencyRange {
  minMs: number
  maxMs: number
}

export const MAX_LATENCY_MS = 60_000

// Signs and fractions are matched on purpose, so "-5" and "1.5" get a message that says what is wrong with them.
const NUMBER = '-?\\d+(?:\\.\\d+)?'
const LATENCY = new RegExp(`^(${NUMBER})(?:\\s*-\\s*(${NUMBER}))?$`)

function milliseconds (text: string, raw: string): number {
  if (text.includes('.')) throw new Error(`${JSON.stringify(raw)} has a fraction; use whole milliseconds`)
  const ms = Number(text)
  if (ms < 0) throw new Error(`${JSON.stringify(raw)} is negative; a latency is 0 or more milliseconds`)
  if (ms > MAX_LATENCY_MS) throw new Error(`${JSON.stringify(raw)} is over the maximum of ${MAX_LATENCY_MS} milliseconds`)
  return ms
}

/**
 * Parses milliseconds ("150") or an inclusive range ("50-400", "50 - 400"). The message of what it
 * throws reads after the setting's name, e.g. `Invalid VENICE_MOCK_LATENCY: "abc" is not ...`.
 */
export function parseLatency (raw: string): LatencyRange {
  const text = raw.trim()
  if (text === '') throw new Error('it is empty; use milliseconds like 150 or a range like 50-400, or unset it')
  const match = LATENCY.exec(text)
  if (match === null) {
    throw new Error(`${JSON.stringify(raw)} is not a latency; use milliseconds like 150 or a range like 50-400`)
  }
  const minMs = milliseconds(match[1], raw)
  const maxMs = match[2] === undefined ? minMs : milliseconds(match[2], raw)
  if (minMs > maxMs) throw new Error(`${JSON.stringify(raw)} is a range whose minimum is above its maximum; write it as ${maxMs}-${minMs}`)
  return { minMs, maxMs }
}

/** A whole number of milliseconds, uniform over the range, both ends included. */
export function pickLatency (range: LatencyRange, random: Random): number {
  return range.minMs + Math.floor(random() * (range.maxMs - range.minMs + 1))
}

/** The setting's text for a range: what parseLatency reads back to the same range. */
export function formatLatency (range: LatencyRange): string {
  return range.minMs === range.maxMs ? String(range.minMs) : `${range.minMs}-${range.maxMs}`
}
