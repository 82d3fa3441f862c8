// The `venice-models-mock` command: serve (the default), check, record and diff.
import type { FastifyInstance } from 'fastify'
import { ConfigError, loadConfig, SETTING_DOCS, shownDefault } from './config.js'
import { describeDeviations, FixtureError } from './catalog/fixture-problems.js'
import { runCheck } from './commands/check.js'
import { runDiff } from './commands/diff.js'
import { loadCheckOptions, loadDiffOptions, loadRecordOptions } from './commands/options.js'
import { recordCatalog } from './commands/record.js'
import { DEFAULT_REMOTE_TIMEOUT_MS, RemoteError } from './remote/fetch-remote-catalog.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info.js'
import { closeOnSignals, serve } from './server.js'
import { plural } from './plural.js'

/** The settings table without the README's Markdown. */
const plain = (text: string): string => text.replaceAll('`', '')
const SETTINGS_HELP = SETTING_DOCS.map(setting =>
  `  --${setting.flag.padEnd(12)} ${setting.env.padEnd(24)} ${plain(setting.describe)} (default: ${plain(shownDefault(setting))})`).join('\n')

const REMOTE_HELP = `  --from URL      base URL of the API to read, e.g. https://api.venice.ai/api/v1 (a bare host gets /api/v1)
  --key KEY       its bearer key (default: VENICE_API_KEY); never written anywhere
  --timeout MS    give up on a request after this long (default ${DEFAULT_REMOTE_TIMEOUT_MS})`

export const USAGE = {
  serve: `Usage: ${PACKAGE_NAME} [serve] [options]

Serves the Venice.ai models API (GET /api/v1/models and friends) from fixture files.

Options (each also an environment variable; a flag wins over its variable):
${SETTINGS_HELP}
  --help                                      show this help
  --version                                   show the version

Other commands: check, record, diff (${PACKAGE_NAME} <command> --help).

Examples:
  ${PACKAGE_NAME}
  ${PACKAGE_NAME} --port 8080 --api-keys key-1,key-2
  VENICE_MOCK_FIXTURES=./my-catalog ${PACKAGE_NAME} --auth required --watch
  VENICE_MOCK_FIXTURES=./venice.json ${PACKAGE_NAME}     (a saved GET /models?type=all answer)
`,
  check: `Usage: ${PACKAGE_NAME} check [PATH] [--json] [--strict]

Validates fixtures, a file or a directory (default: VENICE_MOCK_FIXTURES, else the built-in catalog), without
starting a server. Prints every problem with its file and JSON path, and the deviations from the published
contract that the server serves as given. Exit 0 when it loads, 1 when not, 2 on bad usage.

  --json          print the report as JSON
  --strict        count deviations as problems (default: VENICE_MOCK_STRICT)

Examples:
  ${PACKAGE_NAME} check ./my-catalog
  ${PACKAGE_NAME} check ./venice.json --strict --json
`,
  record: `Usage: ${PACKAGE_NAME} record --from URL [--key KEY] --out DIR [--force] [--strict]

Fetches /models, /models/traits and /models/compatibility_mapping for every type and writes them as a
fixture directory, validated, with a README.md saying when and from where. Progress goes to stderr; the
answers' deviations from the published contract, which the server would serve as given, are listed after the
result. Nothing is left behind on failure. Exit 0 when recorded, 1 when not, 2 on bad usage.

${REMOTE_HELP}
  --out DIR       the fixture directory to write
  --force         replace DIR if it exists and is not empty
  --strict        refuse a recording with deviations: nothing is written (default: VENICE_MOCK_STRICT)

Examples:
  VENICE_API_KEY=... ${PACKAGE_NAME} record --from https://api.venice.ai/api/v1 --out ./venice-catalog
  ${PACKAGE_NAME} record --from http://127.0.0.1:4010 --key any --out ./copy --force
`,
  diff: `Usage: ${PACKAGE_NAME} diff --from URL [--key KEY] [PATH] [--json]

Compares a live API (or another emulator) with fixtures, a file or a directory (default: VENICE_MOCK_FIXTURES, else
the built-in catalog): models added and removed, fields changed (prices first), traits and mappings, and
answers our schema rejects. Exit 0 when identical, 1 when anything differs, 2 when the diff cannot run.

${REMOTE_HELP}
  --json          print the differences as JSON

Examples:
  VENICE_API_KEY=... ${PACKAGE_NAME} diff --from https://api.venice.ai/api/v1 ./venice-catalog
  ${PACKAGE_NAME} diff --from http://127.0.0.1:4010 --json
`
} as const

type Command = keyof typeof USAGE

const UNEXPECTED_FAILURE: Readonly<Record<Command, string>> = { serve: 'cannot start', check: 'cannot run', record: 'cannot run', diff: 'cannot run' }

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  exit: (code: number) => void
}

/* c8 ignore start: the real process streams and exit, replaced in tests */
const processIo: CliIo = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  exit: code => process.exit(code)
}
/* c8 ignore stop */

function isCommand (word: string | undefined): word is Command {
  return word !== undefined && Object.hasOwn(USAGE, word)
}

async function runCommand (command: Exclude<Command, 'serve'>, argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  if (command === 'check') return await runCheck(loadCheckOptions(env, argv), io.stdout)
  const progress = (line: string) => io.stderr(`${line}\n`)
  if (command === 'diff') return await runDiff(loadDiffOptions(env, argv), io.stdout, progress)
  const options = loadRecordOptions(env, argv)
  const result = await recordCatalog({ baseUrl: options.from, key: options.key, timeoutMs: options.timeoutMs, outDir: options.outDir, force: options.force, strict: options.strict, progress })
  io.stdout(`recorded ${plural(result.models, 'model')} into ${result.directory} (${result.files} files)\n`)
  if (result.deviations.length > 0) io.stdout(`${describeDeviations(result.deviations, result.directory, 'recorded as sent', '--strict')}\n`)
  return 0
}

/**
 * Runs the command line. For \`serve\` it resolves with the listening server; for the other commands, and after
 * any failure, it resolves once the exit code has been handed to \`io.exit\`.
 */
export async function main (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo = processIo): Promise<FastifyInstance | undefined> {
  const named = isCommand(argv[0])
  const command: Command = named ? argv[0] as Command : 'serve'
  const args = named ? argv.slice(1) : argv
  if (argv[0] !== undefined && !argv[0].startsWith('-') && !named) {
    io.stderr(`${PACKAGE_NAME}: unknown command ${JSON.stringify(argv[0])}; the commands are ${Object.keys(USAGE).join(', ')}\n`)
    io.exit(2)
    return undefined
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE[command])
    return undefined
  }
  if (args.includes('--version')) {
    io.stdout(`${PACKAGE_VERSION}\n`)
    return undefined
  }
  try {
    if (command !== 'serve') {
      io.exit(await runCommand(command, args, env, io))
      return undefined
    }
    const app = await serve(loadConfig(env, args))
    closeOnSignals(app)
    return app
  } catch (error) {
    const prefix = command === 'serve' ? PACKAGE_NAME : `${PACKAGE_NAME} ${command}`
    // diff keeps 1 for "the catalogs differ", so its own failures are 2.
    const failure = command === 'diff' ? 2 : 1
    if (error instanceof ConfigError) {
      io.stderr(`${PACKAGE_NAME}: ${error.message}\nRun '${PACKAGE_NAME} ${command} --help' for the usage.\n`)
      io.exit(2)
    } else if (error instanceof FixtureError) {
      io.stderr(`${prefix}: ${command === 'serve' ? 'refusing to start' : 'the fixtures do not load'}: ${error.message}\n`)
      io.exit(failure)
    } else if (error instanceof RemoteError) {
      io.stderr(`${prefix}: ${error.message}\n`)
      io.exit(failure)
    } else {
      io.stderr(`${prefix}: ${UNEXPECTED_FAILURE[command]}: ${(error as Error).message}\n`)
      io.exit(failure)
    }
    return undefined
  }
}
