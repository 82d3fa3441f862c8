// `diff`: compares a live API (or another emulator) with a fixture directory; exit 1 when anything differs.
import { compareCatalogs, formatDifferences } from '../catalog/compare-catalogs.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { DiffCommandOptions } from './options.js'
import { fetchRemoteCatalog } from '../remote/fetch-remote-catalog.js'

export async function runDiff (options: DiffCommandOptions, write: (text: string) => void, progress: (line: string) => void): Promise<number> {
  const catalog = await loadCatalog(options.directory)
  const remote = await fetchRemoteCatalog({ baseUrl: options.from, key: options.key, timeoutMs: options.timeoutMs, progress })
  const differences = compareCatalogs(catalog, remote)
  write(options.json
    ? `${JSON.stringify({ local: options.directory, remote: remote.baseUrl, ...differences }, null, 2)}\n`
    : formatDifferences(differences, options.directory, remote.baseUrl))
  return differences.identical ? 0 : 1
}
