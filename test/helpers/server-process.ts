// The emulator in a process of its own for the end-to-end, load and shutdown tests: the sources bundled, its URL read from its log.
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { REPO_ROOT } from './fixtures.js'
import { cliBundle } from './cli-bundle.js'

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>
  url: string
  exited: Promise<[number | null, NodeJS.Signals | null]>
  output: () => { stdout: string, stderr: string }
}

export type SpawnedEmulator = Omit<ServerProcess, 'url'>

/** The command line (bundled from src/) in a process of its own, with only PATH and `env` as its environment, output collected. */
export function spawnEmulator (env: Record<string, string>, args: readonly string[] = [], nodeArgs: readonly string[] = []): SpawnedEmulator {
  const child = spawn(process.execPath, [...nodeArgs, cliBundle(), ...args], {
    cwd: REPO_ROOT,
    // No coverage from the child: a bundle's coverage would not map back onto src/.
    env: { PATH: process.env.PATH, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => { stdout += String(chunk) })
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { child, exited, output: () => ({ stdout, stderr }) }
}

/** Resolves with the first match of `pattern` in the child's stdout, checked on each chunk it writes; rejects if it exits first. */
export async function stdoutMatch (spawned: SpawnedEmulator, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const found = pattern.exec(spawned.output().stdout)
  if (found !== null) return found
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no ${String(pattern)} in the output within ${timeoutMs} ms`)), timeoutMs)
    const onData = (): void => {
      const match = pattern.exec(spawned.output().stdout)
      if (match !== null) finish(match)
    }
    const onExit = (): void => finish(new Error(`the process exited before writing ${String(pattern)}`))
    function finish (outcome: RegExpExecArray | Error): void {
      clearTimeout(timer)
      spawned.child.stdout.off('data', onData)
      spawned.child.off('exit', onExit)
      if (outcome instanceof Error) reject(new Error(`${outcome.message}:\n${spawned.output().stdout}\n${spawned.output().stderr}`))
      else resolve(outcome)
    }
    // Registered after spawnEmulator's own listener, so the output already holds this chunk.
    spawned.child.stdout.on('data', onData)
    spawned.child.once('exit', onExit)
  })
}

/** The server's URL (without /api/v1) from its "listening on" line; rejects if it exits first. */
export async function listeningUrl (spawned: SpawnedEmulator): Promise<string> {
  return (await stdoutMatch(spawned, /listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/))[1]
}

/** Starts the command line on a free port and resolves once it listens. */
export async function startServerProcess (env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const spawned = spawnEmulator({ PORT: '0', VENICE_MOCK_LOG_FORMAT: 'json', ...env }, [], nodeArgs)
  try {
    return { ...spawned, url: await listeningUrl(spawned) }
  } catch (error) {
    spawned.child.kill('SIGKILL')
    throw new Error(`the server did not start: ${(error as Error).message}`)
  }
}

/** Resident set size of a process in bytes, from /proc (Linux); undefined elsewhere. */
export function residentBytes (pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? undefined : Number(match[1]) * 1024
  } catch {
    return undefined
  }
}
