// Every shell command in the README either runs here, against the emulator it describes, or names the script that runs it.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from './helpers/tap.js'
import type { FastifyInstance } from 'fastify'
import { main, type CliIo } from '../src/cli.js'
import { REPO_ROOT } from './helpers/app.js'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
const CONTAINER_TEST = join(REPO_ROOT, '.ci', 'container-test')
const CI_RUN = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8')
const run = promisify(execFile)

/** The commands of each ```sh block: comments and blank lines dropped, a trailing `# comment` cut off. */
function shellBlocks (markdown: string): string[][] {
  const blocks: string[][] = []
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    blocks.push(match[1].split('\n')
      .map(line => line.replace(/\s+#(?![^']*'[^']*$)[^'"]*$/, '').trim())
      .filter(line => line !== '' && !line.startsWith('#')))
  }
  return blocks
}

/** Commands this test cannot run on a CI machine, each with where it is exercised instead. */
const RUN_ELSEWHERE: ReadonlyArray<{ pattern: RegExp, where: () => string | undefined }> = [
  { pattern: /^npm ci && npm test$/, where: () => CI_RUN.includes('npm ci') && CI_RUN.includes('npm test') ? '.ci/run runs npm ci, then npm test' : undefined },
  { pattern: /^docker (build|run) /, where: () => existsSync(CONTAINER_TEST) ? '.ci/container-test builds and runs the image with podman' : undefined },
  { pattern: /^docker compose -f examples\/compose\/compose\.yaml /, where: () => existsSync(join(REPO_ROOT, 'test/examples/compose.test.ts')) ? 'test/examples/compose.test.ts validates the compose file' : undefined },
  { pattern: /^VENICE_API_KEY=your-key npx venice-models-mock (record|diff) --from https:\/\/api\.venice\.ai/, where: () => 'needs the live API; test/commands/ runs record and diff against a local emulator' }
]

const SERVER = /^((?:[A-Z_]+=\S+ )*)(?:npm ci && )?(?:npm start|npx venice-models-mock)(?: -- )?(.*)$/

function io (): CliIo & { codes: number[], out: string[] } {
  const codes: number[] = []
  const out: string[] = []
  return { codes, out, stdout: text => out.push(text), stderr: text => out.push(text), exit: code => codes.push(code) }
}

function parseAssignments (prefix: string): Record<string, string> {
  return Object.fromEntries(prefix.trim().split(/\s+/).filter(Boolean).map(pair => pair.split('=', 2) as [string, string]))
}

const blocks = shellBlocks(README)

t.test('the README has shell blocks and the parser reads them', async t => {
  t.ok(blocks.length >= 10)
  t.same(shellBlocks('```sh\n# note\nnpm start   # serve\ncurl -H \'Prefer: a # b\' x\n\n```\n'), [['npm start', "curl -H 'Prefer: a # b' x"]])
  t.same(blocks[0], ['npm ci && npm start', 'npm ci && npm test'], 'the README opens with the two commands a newcomer needs')
})

t.test('every README command runs or is run elsewhere', async t => {
  for (const [index, block] of blocks.entries()) {
    let app: FastifyInstance | undefined
    let port = 0
    const assignments: string[] = []
    const startServer = async (env: Record<string, string>, args: string[]): Promise<void> => {
      await app?.close()
      const cli = io()
      app = await main(args, { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, cli)
      t.ok(app, `block ${index}: the server starts with ${JSON.stringify(env)} ${args.join(' ')} ${cli.out.join('')}`)
      port = (app?.server.address() as { port: number }).port
    }
    try {
      for (const command of block) {
        const elsewhere = RUN_ELSEWHERE.find(entry => entry.pattern.test(command))
        if (elsewhere !== undefined) {
          t.ok(elsewhere.where(), `${command}: ${elsewhere.where() ?? 'nothing runs it'}`)
          continue
        }
        if (/^[A-Za-z_]+='[^']*'$/.test(command)) {
          assignments.push(command)
          continue
        }
        const server = SERVER.exec(command)
        if (server !== null) {
          const args = server[2].split(/\s+/).filter(Boolean)
          if (args[0] === 'check') {
            const cli = io()
            await main(args, {}, cli)
            t.same(cli.codes, [0], `${command}: exit 0`)
            t.match(cli.out.join(''), args.includes('--json') ? /^\{/ : /✓/, command)
          } else {
            await startServer(parseAssignments(server[1]), args)
          }
          continue
        }
        t.match(command, /^(curl|for) /, `block ${index}: a command this test knows how to run: ${command}`)
        if (app === undefined) await startServer({}, [])
        const script = [...assignments, command.replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`)].join('\n')
        const hangs = command.includes('fault=hang')
        const result = await run('bash', ['-o', 'pipefail', '-c', script], { cwd: REPO_ROOT, timeout: 10_000 }).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code: number, stdout: string }) => ({ code: error.code, stdout: error.stdout }))
        // `| head` may close the pipe before curl is done writing: curl then exits 23, which is the reader's doing.
        const code = result.code === 23 && command.includes('| head') ? 0 : result.code
        t.equal(code, hangs ? 28 : 0, `${command}: exit status`)
        if (hangs) continue
        t.notMatch(result.stdout, /Not found: |Authentication failed/, `${command}: reaches a route with an accepted key`)
        if (!command.includes('Prefer:')) t.notMatch(result.stdout, /"error"/, `${command}: no error body`)
      }
    } finally {
      await app?.close()
    }
  }
})
