// The `venice-models-mock` command: parses the command line and runs the server.
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

const processIo: CliIo = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  exit: code => process.exit(code)
}

/** Runs the command; resolves once the server listens (or the command is done), setting the exit code on failure. */
export async function main (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo = processIo): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return io.stdout(USAGE)
  if (argv.includes('--version')) return io.stdout(`${PACKAGE_VERSION}\n`)
  try {
    const config = loadConfig(env, argv)
    closeOnSignals(await serve(config), io.exit)
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${PACKAGE_NAME}: ${error.message}\nRun '${PACKAGE_NAME} --help' for the settings.\n`)
      return io.exit(2)
    }
    if (error instanceof FixtureError) {
      io.stderr(`${PACKAGE_NAME}: refusing to start: ${error.message}\n`)
      return io.exit(1)
    }
    io.stderr(`${PACKAGE_NAME}: cannot start: ${(error as Error).message}\n`)
    return io.exit(1)
  }
}
