// Reads the files of a fixture tree safely: links kept inside it, size and encoding checked, JSON parsed without prototype keys.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { join, sep } from 'node:path'
import secureJson from 'secure-json-parse'
import type { FixtureProblem } from './fixture-problems.js'

/** A fixture file larger than this is refused: it is almost certainly not a catalog. */
export const MAX_FIXTURE_FILE_BYTES = 64 * 1024 * 1024

/** A JSON object: not null, not an array. */
export function isObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Notes and editor droppings that may sit beside fixtures without being fixtures. */
export function isIgnorable (name: string): boolean {
  if (name.startsWith('.')) return true
  if (name.endsWith('.json')) return false
  // Notes, and the backups editors leave beside a file they save (name~, #name#).
  return name.startsWith('#') || name.endsWith('~') || /\.(md|txt)$/i.test(name) || /^(readme|license)(\.\w+)?$/i.test(name)
}

export function typeName (value: unknown): string {
  if (value === undefined) return 'nothing (it is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function lineAndColumn (text: string, position: number): string {
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

/** Reads the files of one fixture tree, collecting every problem instead of stopping at the first. */
export class FixtureReader {
  readonly problems: FixtureProblem[] = []
  readonly warnings: FixtureProblem[] = []

  constructor (readonly root: string, readonly realRoot: string) {}

  problem (file: string, path: string, message: string): void {
    this.problems.push({ file, path, message })
  }

  /** An entry's stats, following a link only while it stays inside the fixture directory; undefined after recording why not. */
  async statInside (file: string): Promise<Stats | undefined> {
    const absolute = join(this.root, file)
    try {
      if ((await lstat(absolute)).isSymbolicLink()) {
        const target = await realpath(absolute)
        if (target !== this.realRoot && !target.startsWith(this.realRoot + sep)) {
          this.problem(file, '', `is a symbolic link to ${target}, outside the fixture directory; copy it in instead`)
          return undefined
        }
      }
      return await stat(absolute)
    } catch (error) {
      this.problem(file, '', `cannot be read: ${(error as Error).message}`)
      return undefined
    }
  }

  /** The JSON value of one fixture file, or undefined after recording why it cannot be used. */
  async readJson (file: string): Promise<unknown> {
    const info = await this.statInside(file)
    if (info === undefined) return undefined
    if (!info.isFile()) {
      this.problem(file, '', info.isDirectory() ? 'is a directory; expected a JSON file' : 'is not a regular file')
      return undefined
    }
    if (info.size > MAX_FIXTURE_FILE_BYTES) {
      this.problem(file, '', `is ${info.size} bytes; fixture files are limited to ${MAX_FIXTURE_FILE_BYTES} bytes`)
      return undefined
    }
    if (info.size === 0) {
      this.problem(file, '', 'is empty; expected a JSON document')
      return undefined
    }
    const bytes = await this.readBytes(file)
    /* c8 ignore next: see readBytes */
    if (bytes === undefined) return undefined
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      this.problem(file, '', 'is not valid UTF-8 text; save it as UTF-8 JSON')
      return undefined
    }
    try {
      // secure-json-parse refuses `__proto__` and `constructor.prototype` keys instead of letting them pollute objects.
      return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
    } catch (error) {
      const message = (error as Error).message
      const position = /position (\d+)/.exec(message)
      const where = position === null ? '' : ` at ${lineAndColumn(text, Number(position[1]))}`
      this.problem(file, '', `is not valid JSON${where}: ${message}`)
      return undefined
    }
  }

  /* c8 ignore start: permission errors, which a test running as root (as CI does) cannot provoke */
  async readBytes (file: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.root, file))
    } catch (error) {
      this.problem(file, '', `cannot be read: ${(error as Error).message}`)
      return undefined
    }
  }

  /** The names in a directory of the fixture tree, sorted; an empty list after recording why it cannot be listed. */
  async list (directory: string): Promise<string[]> {
    try {
      return (await readdir(join(this.root, directory))).sort()
    } catch (error) {
      this.problem(directory === '' ? this.root : `${directory}/`, '', `cannot be listed: ${(error as Error).message}`)
      return []
    }
  }
  /* c8 ignore stop */

  /** The `.json` files of a section directory, in name order; anything else there is reported. */
  async listSection (section: string): Promise<string[]> {
    const files: string[] = []
    for (const name of await this.list(section)) {
      if (isIgnorable(name)) continue
      if (name.endsWith('.json')) files.push(`${section}/${name}`)
      else this.problem(`${section}/${name}`, '', 'is not a .json file; only JSON fixtures belong here')
    }
    return files
  }
}
