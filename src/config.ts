// The one reader of environment variables and flags: returns a validated, frozen configuration or fails naming the setting.
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parseLatency, type LatencyRange } from './controls/latency.js'
import { OPEN_PERSONA, readKeysFile, type Persona } from './controls/personas.js'
import { DEFAULT_REMOTE_TIMEOUT_MS } from './remote/fetch-remote-catalog.js'

export const AUTH_MODES = ['required', 'optional', 'off'] as const
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const

export type AuthMode = typeof AUTH_MODES[number]
export type LogLevel = typeof LOG_LEVELS[number]
export type LogFormat = typeof LOG_FORMATS[number]

export interface Config {
  readonly port: number
  readonly host: string
  readonly logLevel: LogLevel
  /** `auto` is pretty on a terminal and JSON everywhere else. */
  readonly logFormat: LogFormat
  /** `optional` (the default) is the live API's: no key is welcome, a key that is sent is checked. */
  readonly auth: AuthMode
  /** Accepted bearer keys; `null` accepts any non-empty key. */
  readonly apiKeys: readonly string[] | null
  /** Absolute path of the fixtures served: a captured `GET /models` answer (a file) or a fixture directory. */
  readonly fixturesDir: string
  /** Reload the catalog when the fixtures change. */
  readonly watch: boolean
  /** Refuse a catalog whose models deviate from the published ModelResponse, instead of serving them as given. */
  readonly strict: boolean
  /** Honour the `Prefer` header (forced statuses, delays, faults); off for runs that must behave like production. */
  readonly controls: boolean
  /** Added to every API answer; `null` for none. */
  readonly latency: LatencyRange | null
  /** Share of API requests answered 500, from 0 to 1. */
  readonly errorRate: number
  /** Seed of the randomness behind latency ranges and the error rate; unset, every run differs. */
  readonly seed: string | undefined
  /** Key personas from VENICE_MOCK_KEYS_FILE, plus VENICE_MOCK_API_KEYS as plain active keys; `null` accepts any key. */
  readonly personas: ReadonlyMap<string, Persona> | null
  /** Requests per minute for every key without a rate limit of its own; `null` for no limit. */
  readonly rateLimit: number | null
  /** Block a caller for 30 s after more than 20 failed requests within 30 s, as the live API does. */
  readonly abuseBlock: boolean
  /** Bearer key of the admin API under /__admin; `null` turns the admin API off. */
  readonly adminKey: string | null
  /** How many requests the journal keeps. */
  readonly journalSize: number
  /** Origins browsers may call from: `*` for any, a list of origins, or `null` for no CORS headers at all. */
  readonly cors: CorsOrigins
}

export type CorsOrigins = '*' | readonly string[] | null

/** The catalog that ships with the package. */
export const BUILT_IN_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))

export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Each setting: its environment variable, its flag, and how its raw text becomes a value. */
const SETTINGS = {
  port: { env: 'PORT', flag: 'port', describe: 'port to listen on (0 picks a free one)' },
  host: { env: 'HOST', flag: 'host', describe: 'address to listen on' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', describe: `log level: ${LOG_LEVELS.join(', ')}` },
  logFormat: { env: 'VENICE_MOCK_LOG_FORMAT', flag: 'log-format', describe: `log format: ${LOG_FORMATS.join(', ')}` },
  auth: { env: 'VENICE_MOCK_AUTH', flag: 'auth', describe: 'bearer key check: optional (the live API: no key is fine, a wrong key is 401), required, off' },
  apiKeys: { env: 'VENICE_MOCK_API_KEYS', flag: 'api-keys', describe: 'comma-separated accepted keys (unset: any non-empty key)' },
  fixturesDir: { env: 'VENICE_MOCK_FIXTURES', flag: 'fixtures', describe: 'fixture file or directory replacing the built-in catalog' },
  watch: { env: 'VENICE_MOCK_WATCH', flag: 'watch', describe: 'reload the catalog when the fixtures change (true/false)' },
  strict: { env: 'VENICE_MOCK_STRICT', flag: 'strict', describe: 'refuse models that deviate from the published contract (true/false)' },
  controls: { env: 'VENICE_MOCK_CONTROLS', flag: 'controls', describe: 'honour the Prefer header: on, off' },
  latency: { env: 'VENICE_MOCK_LATENCY', flag: 'latency', describe: 'added latency in ms: 150, or a range such as 50-400' },
  errorRate: { env: 'VENICE_MOCK_ERROR_RATE', flag: 'error-rate', describe: 'share of API requests answered 500, 0 to 1' },
  seed: { env: 'VENICE_MOCK_SEED', flag: 'seed', describe: 'seed that makes latency ranges and random errors repeat' },
  keysFile: { env: 'VENICE_MOCK_KEYS_FILE', flag: 'keys-file', describe: 'JSON or YAML file of key personas' },
  rateLimit: { env: 'VENICE_MOCK_RATE_LIMIT', flag: 'rate-limit', describe: 'requests per minute per key (unset: no limit)' },
  abuseBlock: { env: 'VENICE_MOCK_ABUSE_BLOCK', flag: 'abuse-block', describe: 'block a key 30 s after 20 failures in 30 s (true/false)' },
  adminKey: { env: 'VENICE_MOCK_ADMIN_KEY', flag: 'admin-key', describe: 'bearer key of the admin API under /__admin (unset: off)' },
  journalSize: { env: 'VENICE_MOCK_JOURNAL_SIZE', flag: 'journal-size', describe: 'requests kept in the journal' },
  cors: { env: 'VENICE_MOCK_CORS', flag: 'cors', describe: 'origins browsers may call from: * (any), off, or a comma-separated list' }
} as const

type SettingName = keyof typeof SETTINGS

export const SETTING_DOCS = Object.values(SETTINGS)

/** Each setting's name as code writes it (`rateLimit`) → its command-line flag (`rate-limit`). */
export const SETTING_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.flag]))

function oneOf<T extends string> (allowed: readonly T[], raw: string, name: string): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`)
}

function parsePort (raw: string, name: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(port >= 0 && port <= 65535)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a port number between 0 and 65535`)
  return port
}

function parseHost (raw: string, name: string): string {
  if (!/^[\w.:%-]+$/.test(raw)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a host name or IP address`)
  return raw
}

function parseApiKeys (raw: string, name: string): readonly string[] {
  const keys = raw.split(',').map(key => key.trim()).filter(key => key !== '')
  if (keys.length === 0) throw new ConfigError(`Invalid ${name}: it is set but lists no key; unset it to accept any key`)
  const spaced = keys.find(key => /\s/.test(key))
  if (spaced !== undefined) throw new ConfigError(`Invalid ${name}: keys cannot contain white space`)
  return Object.freeze(keys)
}

function parseBoolean (raw: string, name: string): boolean {
  if (/^(true|1|yes|on)$/i.test(raw)) return true
  if (/^(false|0|no|off)$/i.test(raw)) return false
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not true or false`)
}

function parseOnOff (raw: string, name: string): boolean {
  if (/^(on|true|1)$/i.test(raw)) return true
  if (/^(off|false|0)$/i.test(raw)) return false
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not on or off`)
}

function parseLatencySetting (raw: string, name: string): LatencyRange {
  try {
    return parseLatency(raw)
  } catch (error) {
    throw new ConfigError(`Invalid ${name}: ${(error as Error).message}`)
  }
}

function parseErrorRate (raw: string, name: string): number {
  const rate = /^(0|1|0?\.\d+|1\.0*)$/.test(raw.trim()) ? Number(raw) : Number.NaN
  if (!(rate >= 0 && rate <= 1)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a number from 0 to 1`)
  return rate
}

function parsePositiveInteger (raw: string, name: string): number {
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0
  if (value < 1) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a whole number of at least 1`)
  return value
}

/** The journal preallocates its ring; past this it would cost more memory than a development tool should. */
export const MAX_JOURNAL_SIZE = 100_000

function parseJournalSize (raw: string, name: string): number {
  const size = parsePositiveInteger(raw, name)
  if (size > MAX_JOURNAL_SIZE) throw new ConfigError(`Invalid ${name}: ${size} is more than ${MAX_JOURNAL_SIZE} entries`)
  return size
}

function parseSecret (raw: string, name: string): string {
  if (raw === '' || /\s/.test(raw)) throw new ConfigError(`Invalid ${name}: it is empty or contains white space`)
  return raw
}

function parseKeysFile (raw: string, name: string): ReadonlyMap<string, Persona> {
  try {
    return readKeysFile(isAbsolute(raw) ? raw : resolve(raw))
  } catch (error) {
    throw new ConfigError(`Invalid ${name}: ${(error as Error).message}`)
  }
}

/** VENICE_MOCK_API_KEYS are plain active keys that see every model; a keys file adds personas (and wins for a key in both). */
function mergePersonas (apiKeys: readonly string[] | null, fromFile: ReadonlyMap<string, Persona> | null): ReadonlyMap<string, Persona> | null {
  if (apiKeys === null && fromFile === null) return null
  return new Map([...(apiKeys ?? []).map(key => [key, OPEN_PERSONA] as const), ...(fromFile ?? [])])
}

function parseCors (raw: string, name: string): CorsOrigins {
  const value = raw.trim()
  if (value === '*' || /^on$/i.test(value)) return '*'
  if (/^off$/i.test(value)) return null
  const origins = value.split(',').map(origin => origin.trim()).filter(origin => origin !== '')
  // Browsers send the Origin header as scheme://host[:port], with no path and no trailing slash; anything else never matches.
  const bad = origins.find(origin => !/^https?:\/\/[^/\s?#]+$/i.test(origin))
  if (origins.length === 0 || bad !== undefined) {
    throw new ConfigError(`Invalid ${name}: ${JSON.stringify(bad ?? raw)} is not *, off, or a list of origins such as http://localhost:5173 (scheme://host[:port], no path)`)
  }
  // As browsers serialize an origin: lower-case scheme and host, no default port.
  return Object.freeze(origins.map(origin => new URL(origin).origin))
}

function parseFixturesDir (raw: string, name: string): string {
  if (raw.trim() === '') throw new ConfigError(`Invalid ${name}: it is empty; unset it to serve the built-in catalog`)
  return isAbsolute(raw) ? raw : resolve(raw)
}

/** The command-line flags that mirror the settings, as node:util parseArgs options; `--watch` may stand alone. */
const FLAG_OPTIONS = Object.fromEntries(
  Object.values(SETTINGS).map(setting => [setting.flag, { type: 'string' as const }])
)
const BOOLEAN_FLAGS = new Set<string>([SETTINGS.watch.flag, SETTINGS.strict.flag, SETTINGS.abuseBlock.flag])

/** `--watch` alone means `--watch=true`; parseArgs wants a value for string options. */
function withFlagValues (argv: readonly string[]): string[] {
  return argv.flatMap((arg, index) => {
    const next = argv[index + 1]
    const bare = arg.startsWith('--') && BOOLEAN_FLAGS.has(arg.slice(2))
    return bare && (next === undefined || next.startsWith('--')) ? [`${arg}=true`] : [arg]
  })
}

/**
 * Build the configuration from environment variables, overridden by command-line flags.
 * Throws ConfigError whose message names the offending variable or flag.
 */
export function loadConfig (env: Readonly<Record<string, string | undefined>>, argv: readonly string[] = []): Config {
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({ args: withFlagValues(argv), options: FLAG_OPTIONS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  const read = <T>(setting: SettingName, parse: (raw: string, name: string) => T, fallback: T): T => {
    const { env: variable, flag } = SETTINGS[setting]
    const fromFlag = flags[flag]
    if (typeof fromFlag === 'string') return parse(fromFlag, `--${flag}`)
    const fromEnv = env[variable]
    return fromEnv === undefined ? fallback : parse(fromEnv, variable)
  }
  const apiKeys = read<readonly string[] | null>('apiKeys', parseApiKeys, null)
  return Object.freeze({
    port: read('port', parsePort, 4010),
    host: read('host', parseHost, '127.0.0.1'),
    logLevel: read('logLevel', (raw, name) => oneOf(LOG_LEVELS, raw, name), 'info'),
    logFormat: read('logFormat', (raw, name) => oneOf(LOG_FORMATS, raw, name), 'auto'),
    auth: read('auth', (raw, name) => oneOf(AUTH_MODES, raw, name), 'optional'),
    apiKeys,
    fixturesDir: read('fixturesDir', parseFixturesDir, BUILT_IN_FIXTURES),
    watch: read('watch', parseBoolean, false),
    strict: read('strict', parseBoolean, false),
    controls: read('controls', parseOnOff, true),
    latency: read<LatencyRange | null>('latency', parseLatencySetting, null),
    errorRate: read('errorRate', parseErrorRate, 0),
    seed: read<string | undefined>('seed', (raw) => raw, undefined),
    personas: mergePersonas(apiKeys, read<ReadonlyMap<string, Persona> | null>('keysFile', parseKeysFile, null)),
    rateLimit: read<number | null>('rateLimit', parsePositiveInteger, null),
    abuseBlock: read('abuseBlock', parseBoolean, false),
    adminKey: read<string | null>('adminKey', parseSecret, null),
    journalSize: read('journalSize', parseJournalSize, 1000),
    cors: read<CorsOrigins>('cors', parseCors, '*')
  })
}

/** Options of the commands other than `serve`, parsed the same way: flags, then the environment, then defaults. */
export interface CheckOptions {
  /** A fixture file or directory. */
  readonly directory: string
  readonly json: boolean
  /** Deviations from the published contract are problems, not warnings. */
  readonly strict: boolean
}

export interface RemoteOptions {
  /** Base URL of the API to read, e.g. https://api.venice.ai/api/v1 or another emulator. */
  readonly from: string
  /** Bearer key for it: --key, else VENICE_API_KEY. */
  readonly key: string | undefined
  readonly timeoutMs: number
}

export interface RecordCommandOptions extends RemoteOptions {
  readonly outDir: string
  readonly force: boolean
}

/** diff compares whatever the fixtures hold: a deviation is a difference it may report, not a reason not to run. */
export interface DiffCommandOptions extends RemoteOptions, Omit<CheckOptions, 'strict'> {}

const COMMAND_FLAGS = {
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  from: { type: 'string' },
  key: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  timeout: { type: 'string' }
} as const

type CommandFlag = keyof typeof COMMAND_FLAGS

function parseCommandArgs (command: string, argv: readonly string[], allowed: readonly CommandFlag[], maxPositionals: number) {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(allowed.map(flag => [flag, COMMAND_FLAGS[flag]])),
      strict: true,
      allowPositionals: true
    })
  } catch (error) {
    throw new ConfigError(`${command}: ${(error as Error).message}`)
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new ConfigError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`)
  }
  return { values: parsed.values as Partial<Record<CommandFlag, string | boolean>>, positionals: parsed.positionals }
}

function fixtureDirectoryOf (env: Readonly<Record<string, string | undefined>>, positional: string | undefined): string {
  if (positional !== undefined) return parseFixturesDir(positional, 'PATH')
  const fromEnv = env[SETTINGS.fixturesDir.env]
  return fromEnv === undefined ? BUILT_IN_FIXTURES : parseFixturesDir(fromEnv, SETTINGS.fixturesDir.env)
}

function remoteOptions (command: string, env: Readonly<Record<string, string | undefined>>, values: Partial<Record<CommandFlag, string | boolean>>): RemoteOptions {
  const from = values.from
  if (typeof from !== 'string' || from === '') throw new ConfigError(`${command}: --from <base url> is required, e.g. --from https://api.venice.ai/api/v1`)
  const key = typeof values.key === 'string' ? values.key : env.VENICE_API_KEY
  // A stray carriage return (a .env file saved on Windows) would make the HTTP client echo the key in its error.
  if (key !== undefined && /[^\x21-\x7e]/.test(key)) throw new ConfigError(`${command}: the key (${typeof values.key === 'string' ? '--key' : 'VENICE_API_KEY'}) contains white space or characters that cannot go in an HTTP header`)
  const timeout = typeof values.timeout === 'string' ? values.timeout : String(DEFAULT_REMOTE_TIMEOUT_MS)
  const timeoutMs = /^\d+$/.test(timeout) ? Number(timeout) : Number.NaN
  if (!(timeoutMs > 0)) throw new ConfigError(`${command}: Invalid --timeout: ${JSON.stringify(timeout)} is not a positive number of milliseconds`)
  return { from, key: key === '' ? undefined : key, timeoutMs }
}

/** `check [PATH] [--json] [--strict]`: PATH, else VENICE_MOCK_FIXTURES, else the built-in catalog; --strict, else VENICE_MOCK_STRICT. */
export function loadCheckOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): CheckOptions {
  const { values, positionals } = parseCommandArgs('check', argv, ['json', 'strict'], 1)
  const fromEnv = env[SETTINGS.strict.env]
  const strict = values.strict === true || (fromEnv !== undefined && parseBoolean(fromEnv, SETTINGS.strict.env))
  return Object.freeze({ directory: fixtureDirectoryOf(env, positionals[0]), json: values.json === true, strict })
}

/** `record --from URL [--key KEY] --out DIR [--force] [--timeout MS]`. */
export function loadRecordOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): RecordCommandOptions {
  const { values } = parseCommandArgs('record', argv, ['from', 'key', 'out', 'force', 'timeout'], 0)
  const remote = remoteOptions('record', env, values)
  if (typeof values.out !== 'string' || values.out.trim() === '') throw new ConfigError('record: --out <dir> is required: the fixture directory to write')
  return Object.freeze({ ...remote, outDir: resolve(values.out), force: values.force === true })
}

/** `diff --from URL [--key KEY] [PATH] [--json] [--timeout MS]`. */
export function loadDiffOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): DiffCommandOptions {
  const { values, positionals } = parseCommandArgs('diff', argv, ['from', 'key', 'json', 'timeout'], 1)
  return Object.freeze({ ...remoteOptions('diff', env, values), directory: fixtureDirectoryOf(env, positionals[0]), json: values.json === true })
}
