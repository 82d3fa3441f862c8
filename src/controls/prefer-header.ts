// Turns the RFC 7240 `Prefer` request header (Prism's words: code, delay) into per-request test controls.

export const FAULTS = ['reset', 'empty', 'malformed', 'hang'] as const
export type Fault = typeof FAULTS[number]

/** The statuses a client may force: the ones the live API documents, or that a gateway in front of it sends. */
export const FORCEABLE_STATUSES: readonly number[] = Object.freeze([400, 401, 402, 403, 404, 415, 429, 500, 503, 504])

export const MAX_DELAY_MS = 60_000

export interface Preferences {
  /** Answer with this status and the live API's body for it. */
  code?: number
  /** Wait this many milliseconds before answering. */
  delayMs?: number
  /** Break the connection or the body instead of answering. */
  fault?: Fault
}

/** A Prefer header the emulator cannot honour; its message becomes the client's `{"error": ...}`. */
export class PreferenceError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'PreferenceError'
  }
}

// Nearly every request carries no Prefer header; sharing one frozen object spares an allocation on each.
const NO_PREFERENCES: Preferences = Object.freeze({})

const MAX_ECHO = 100
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const UNSIGNED_INTEGER = /^\d+$/

/** Client text as it appears in a message: quoted, and cut short so a huge header cannot bloat the answer. */
function echo (text: string): string {
  return JSON.stringify(text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}...` : text)
}

/**
 * Splits on `separator` outside quoted strings, because RFC 7240 values and parameters may be quoted
 * strings, and a comma or semicolon inside one belongs to the value.
 */
function splitOutsideQuotes (text: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted && char === '\\') i++
    else if (char === '"') quoted = !quoted
    else if (!quoted && char === separator) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (quoted) throw new PreferenceError(`The Prefer header has an unterminated quoted string in ${echo(text.slice(start))}`)
  parts.push(text.slice(start))
  return parts
}

// Only a whole quoted-string is unquoted; anything else stays as sent, so the error message shows it as it came.
const QUOTED_STRING = /^"((?:[^"\\]|\\.)*)"$/

function unquote (word: string): string {
  const quoted = QUOTED_STRING.exec(word)
  return quoted === null ? word : quoted[1].replace(/\\(.)/g, '$1')
}

function parseCode (value: string): number {
  const code = UNSIGNED_INTEGER.test(value) ? Number(value) : Number.NaN
  if (FORCEABLE_STATUSES.includes(code)) return code
  throw new PreferenceError(`Preference code=${echo(value)} is not a status this emulator can force; use one of ${FORCEABLE_STATUSES.join(', ')}`)
}

function parseDelay (value: string): number {
  const delay = UNSIGNED_INTEGER.test(value) ? Number(value) : Number.NaN
  if (delay <= MAX_DELAY_MS) return delay
  throw new PreferenceError(`Preference delay=${echo(value)} is not a whole number of milliseconds between 0 and ${MAX_DELAY_MS}`)
}

function parseFault (value: string): Fault {
  // Names are case-insensitive by the RFC and values are not, but nobody means anything else by `fault=Reset`.
  const fault = value.toLowerCase() as Fault
  if (FAULTS.includes(fault)) return fault
  throw new PreferenceError(`Preference fault=${echo(value)} is not a fault this emulator knows; use one of ${FAULTS.join(', ')}`)
}

const EXAMPLES: Readonly<Record<string, string>> = { code: '503', delay: '200', fault: 'reset' }

// Repeating a preference is harmless; repeating it with another value is a test bug worth reporting.
function assign<K extends keyof Preferences> (preferences: Preferences, field: K, name: string, value: Preferences[K]): void {
  const previous = preferences[field]
  if (previous !== undefined && previous !== value) throw new PreferenceError(`The Prefer header sets ${name} twice, to ${previous} and ${value}; keep one`)
  preferences[field] = value
}

/**
 * Reads the Prefer header(s) of a request. Several preferences may share a header (`code=503, delay=200`)
 * or come in several headers; empty list elements are skipped. Throws a PreferenceError for anything the
 * emulator would otherwise silently ignore, so a typo in a test fails loudly instead of testing nothing.
 */
export function parsePrefer (header: string | string[] | undefined): Preferences {
  if (header === undefined) return NO_PREFERENCES
  const text = Array.isArray(header) ? header.join(',') : header
  const preferences: Preferences = {}

  for (const element of splitOutsideQuotes(text, ',')) {
    if (element.trim() === '') continue
    const [preference, ...parameters] = splitOutsideQuotes(element, ';')
    const equals = preference.indexOf('=')
    const rawName = (equals === -1 ? preference : preference.slice(0, equals)).trim()
    const value = equals === -1 ? '' : unquote(preference.slice(equals + 1).trim())

    if (!TOKEN.test(rawName)) throw new PreferenceError(`Malformed preference ${echo(element.trim())} in the Prefer header; expected name=value, e.g. code=503`)
    const name = rawName.toLowerCase()
    if (!Object.hasOwn(EXAMPLES, name)) throw new PreferenceError(`Unknown preference ${echo(rawName)} in the Prefer header; this emulator understands code, delay and fault`)
    // RFC 7240 allows empty parameters (`code=503;`); only real ones are refused.
    const parameter = parameters.find(p => p.trim() !== '')
    if (parameter !== undefined) throw new PreferenceError(`Preference ${name} has a parameter ${echo(parameter.trim())} in the Prefer header; this emulator supports none`)
    if (value === '') throw new PreferenceError(`Preference ${name} in the Prefer header needs a value, e.g. ${name}=${EXAMPLES[name]}`)

    if (name === 'code') assign(preferences, 'code', name, parseCode(value))
    else if (name === 'delay') assign(preferences, 'delayMs', name, parseDelay(value))
    else assign(preferences, 'fault', name, parseFault(value))
  }

  if (preferences.code !== undefined && preferences.fault !== undefined) {
    throw new PreferenceError(`The Prefer header asks for both code=${preferences.code} and fault=${preferences.fault}; a fault replaces the answer, so use one or the other`)
  }
  return Object.keys(preferences).length === 0 ? NO_PREFERENCES : Object.freeze(preferences)
}
