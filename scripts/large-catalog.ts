// Writes a fixture directory of any size, made of the built-in models under new ids, for the scale test and benchmark.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BUILT_IN_FIXTURES } from '../src/config.js'

/** Writes `count` models, one file per type in the built-in order, and returns the ids written. */
export async function writeLargeCatalog (directory: string, count: number): Promise<string[]> {
  const files = (await readdir(join(BUILT_IN_FIXTURES, 'models'))).sort()
  const templates: Array<{ id: string, type: string }> = []
  for (const file of files) {
    const { data } = JSON.parse(await readFile(join(BUILT_IN_FIXTURES, 'models', file), 'utf8')) as { data: Array<{ id: string, type: string }> }
    templates.push(...data)
  }
  const byType = new Map<string, unknown[]>()
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const template = templates[index % templates.length]
    const id = `${template.id}-${Math.floor(index / templates.length)}`
    ids.push(id)
    const list = byType.get(template.type) ?? []
    list.push({ ...template, id })
    byType.set(template.type, list)
  }
  await mkdir(join(directory, 'models'), { recursive: true })
  let number = 0
  for (const [type, data] of byType) {
    number += 1
    await writeFile(join(directory, 'models', `${String(number).padStart(2, '0')}-${type}.json`), JSON.stringify({ object: 'list', type, data }))
  }
  return ids
}
