// Tells the three forms of fixtures apart (one captured answer, a directory of captures, the models/ layout) and lists their files.
import { isIgnorable, isObject, type FixtureReader } from './fixture-reader.js'

export const SECTIONS = ['models', 'traits', 'compatibility_mapping'] as const
export type Section = typeof SECTIONS[number]
export type NameMapSection = Exclude<Section, 'models'>

/**
 * `capture`: one file holding a `GET /models` answer. `captures`: a directory whose root JSON files are such answers,
 * with traits and mappings in `traits-<type>.json` and `compatibility_mapping-<type>.json`. `layout`: models/, traits/
 * and compatibility_mapping/ directories.
 */
export type FixtureForm = 'capture' | 'captures' | 'layout'

export interface FixtureFiles {
  form: FixtureForm
  /** Paths relative to the reader's root. */
  models: string[]
  traits: string[]
  compatibility_mapping: string[]
}

/** What a captured answer may be mistaken for, to say how to fix it. */
export type DocumentShape = 'model list' | 'name map' | 'single model' | 'other'

export function shapeOf (document: unknown): DocumentShape {
  if (Array.isArray(document)) return 'model list'
  if (!isObject(document)) return 'other'
  if (Array.isArray(document.data)) return 'model list'
  if (isObject(document.data)) return 'name map'
  if ((document.object === undefined || document.object === 'model') && 'id' in document && 'model_spec' in document) return 'single model'
  const values = Object.values(document)
  if (document.object === undefined && values.length > 0 && values.every(value => typeof value === 'string')) return 'name map'
  return 'other'
}

/** Where a traits or mapping answer goes in each form, for messages about one found in the wrong place. */
export function nameMapHint (form: FixtureForm): string {
  if (form === 'layout') return 'traits and compatibility-mapping answers belong in traits/<type>.json or compatibility_mapping/<type>.json'
  if (form === 'captures') return 'save traits and compatibility-mapping answers as traits-<type>.json or compatibility_mapping-<type>.json'
  return 'traits and compatibility-mapping answers are served beside their models: put them in a directory of captures as traits-<type>.json or compatibility_mapping-<type>.json'
}

const LAYOUT_ROOT = `expected only the directories ${SECTIONS.join('/, ')}/`

/** A JSON file at the root of a models/ layout: say what it holds and where it belongs. */
async function explainRootJson (reader: FixtureReader, name: string): Promise<void> {
  const document = await reader.readJson(name)
  if (document === undefined) return
  const shape = shapeOf(document)
  if (shape === 'model list' || shape === 'single model') {
    reader.problem(name, '', `holds a captured model list, but this directory uses the models/ layout: move it into models/, or point the emulator at the file itself (VENICE_MOCK_FIXTURES=${name})`)
  } else if (shape === 'name map') {
    reader.problem(name, '', `holds a traits or compatibility-mapping answer, but this directory uses the models/ layout: ${nameMapHint('layout')}`)
  } else {
    reader.problem(name, '', `is not part of the fixture layout; ${LAYOUT_ROOT}`)
  }
}

async function layoutFiles (reader: FixtureReader, sections: ReadonlySet<Section>, others: readonly string[]): Promise<FixtureFiles> {
  for (const name of others) {
    if (name.endsWith('.json')) await explainRootJson(reader, name)
    else reader.problem(name, '', `is not part of the fixture layout; ${LAYOUT_ROOT}`)
  }
  if (!sections.has('models')) reader.problem('models/', '', 'is missing; the catalog needs at least one model file in models/')
  const filesOf = async (section: Section) => sections.has(section) ? await reader.listSection(section) : []
  return { form: 'layout', models: await filesOf('models'), traits: await filesOf('traits'), compatibility_mapping: await filesOf('compatibility_mapping') }
}

async function captureFiles (reader: FixtureReader, names: readonly string[]): Promise<FixtureFiles> {
  const files: FixtureFiles = { form: 'captures', models: [], traits: [], compatibility_mapping: [] }
  for (const name of names) {
    const section = (['traits', 'compatibility_mapping'] as const).find(prefix => name.startsWith(`${prefix}-`))
    if (name.endsWith('.json')) {
      files[section ?? 'models'].push(name)
      continue
    }
    const info = await reader.statInside(name)
    if (info === undefined) continue
    reader.problem(name, '', info.isDirectory()
      ? `is a directory; a directory of captures holds its JSON files at its root (the models/ layout has only ${SECTIONS.join('/, ')}/)`
      : 'is not a .json file; a directory of captures holds captured answers saved as .json files')
  }
  if (files.models.length === 0 && reader.problems.length === 0) {
    reader.problem(reader.root, '', 'holds no catalog: save a captured answer in it (curl <api>/models?type=all > venice.json), or use the layout models/*.json, traits/<type>.json, compatibility_mapping/<type>.json')
  }
  return files
}

/** The form of a fixture directory and its files: the models/ layout when any section directory is there, else captures. */
export async function directoryFiles (reader: FixtureReader): Promise<FixtureFiles> {
  const sections = new Set<Section>()
  const others: string[] = []
  let sectionNamed = false
  for (const name of await reader.list('')) {
    if (isIgnorable(name)) continue
    if ((SECTIONS as readonly string[]).includes(name)) {
      sectionNamed = true
      const info = await reader.statInside(name)
      if (info?.isDirectory() === true) sections.add(name as Section)
      else if (info !== undefined) reader.problem(name, '', 'must be a directory')
    } else {
      others.push(name)
    }
  }
  return sectionNamed ? await layoutFiles(reader, sections, others) : await captureFiles(reader, others)
}
