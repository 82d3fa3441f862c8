// The `venice-models-mock` command: parses the command line and runs the server.
import type { FastifyInstance } from 'fastify'
import { ConfigError, loadConfig, SETTING_DOCS } from './config.js'
import { FixtureError } from './catalog/load-catalog.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info.js'
import { closeOnSignals, serve } from './server.js'

export const USAGE = `Usage: ${PACKAGE_NAME} [options]

Serves the Venice.ai models API (GET /api/v1/models and friends) from fixture files.

Options (each also an environment variable; a flag wins over its variable):
${SETTING_DOCS.map(setting => `  --${setting.flag.padEnd(12)} ${setting.env.padEnd(22)} ${setting.describe}`).join('\n')}
  --help                                      show this help
  --version                                   show the version

Examples:
  ${PACKAGE_NAME}
  ${PACKAGE_NAME} --port 8080 --api-keys key-1,key-2
  VENICE_MOCK_FIXTURES=./my-catalog ${PACKAGE_NAME} --auth optional
`

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

/** Runs the command; resolves with the listening server, or with nothing once a failure has been reported. */
export async function main (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo = processIo): Promise<FastifyInstance | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE)
    return undefined
  }
  if (argv.includes('--version')) {
    io.stdout(`${PACKAGE_VERSION}\n`)
    return undefined
  }
  try {
    const app = await serve(loadConfig(env, argv))
    closeOnSignals(app, { exit: io.exit })
    return app
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${PACKAGE_NAME}: ${error.message}\nRun '${PACKAGE_NAME} --help' for the settings.\n`)
      io.exit(2)
      return undefined
    }
    if (error instanceof FixtureError) {
      io.stderr(`${PACKAGE_NAME}: refusing to start: ${error.message}\n`)
      io.exit(1)
      return undefined
    }
    io.stderr(`${PACKAGE_NAME}: cannot start: ${(error as Error).message}\n`)
    io.exit(1)
    return undefined
  }
}
