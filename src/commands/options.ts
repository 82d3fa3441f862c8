// Options of the commands other than `serve` (check, record, diff), parsed like the settings: flags, then the
// environment, then defaults.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, readSetting, SETTINGS } from '../config.js'
import { DEFAULT_REMOTE_TIMEOUT_MS } from '../remote/fetch-remote-catalog.js'

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
  /** Deviations from the published contract refuse the recording. */
  readonly strict: boolean
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

/** PATH, else VENICE_MOCK_FIXTURES, else the built-in catalog. */
function fixtureDirectoryOf (env: Readonly<Record<string, string | undefined>>, positional: string | undefined): string {
  return readSetting(SETTINGS.fixturesDir, env, positional, 'PATH')
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

/** --strict, else VENICE_MOCK_STRICT, else false. */
function strictOf (env: Readonly<Record<string, string | undefined>>, values: Partial<Record<CommandFlag, string | boolean>>): boolean {
  return readSetting(SETTINGS.strict, env, values.strict === true ? 'true' : undefined, '--strict')
}

/** `check [PATH] [--json] [--strict]`: PATH, else VENICE_MOCK_FIXTURES, else the built-in catalog; --strict, else VENICE_MOCK_STRICT. */
export function loadCheckOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): CheckOptions {
  const { values, positionals } = parseCommandArgs('check', argv, ['json', 'strict'], 1)
  return Object.freeze({ directory: fixtureDirectoryOf(env, positionals[0]), json: values.json === true, strict: strictOf(env, values) })
}

/** `record --from URL [--key KEY] --out DIR [--force] [--strict] [--timeout MS]`; --strict, else VENICE_MOCK_STRICT. */
export function loadRecordOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): RecordCommandOptions {
  const { values } = parseCommandArgs('record', argv, ['from', 'key', 'out', 'force', 'strict', 'timeout'], 0)
  const remote = remoteOptions('record', env, values)
  if (typeof values.out !== 'string' || values.out.trim() === '') throw new ConfigError('record: --out <dir> is required: the fixture directory to write')
  return Object.freeze({ ...remote, outDir: resolve(values.out), force: values.force === true, strict: strictOf(env, values) })
}

/** `diff --from URL [--key KEY] [PATH] [--json] [--timeout MS]`. */
export function loadDiffOptions (env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): DiffCommandOptions {
  const { values, positionals } = parseCommandArgs('diff', argv, ['from', 'key', 'json', 'timeout'], 1)
  return Object.freeze({ ...remoteOptions('diff', env, values), directory: fixtureDirectoryOf(env, positionals[0]), json: values.json === true })
}
