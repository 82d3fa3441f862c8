// Reloads the catalog when its fixtures (a file or a directory) change: file-system events, debounced, one reload at a time.
import { lstatSync, statSync, watch, type FSWatcher, type WatchListener } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { BaseLogger } from 'pino'
import type { CatalogStore } from './catalog-store.js'
import type { Catalog } from './catalog.js'
import { logCatalogNotes, type FixtureError } from './fixture-problems.js'
import { SECTIONS } from './fixture-layout.js'
import { loadCatalog, type LoadOptions } from './load-catalog.js'
import { plural } from '../plural.js'

/** Editors write a file in several steps; changes closer together than this become one reload. */
export const RELOAD_DEBOUNCE_MS = 150

export interface CatalogWatcher {
  close: () => void
}

/** True when the fixtures are one file; read once, since a file being replaced is briefly not there at all. */
function isSingleFile (path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function watchCatalog (directory: string, store: CatalogStore, log: Pick<BaseLogger, 'info' | 'warn'>, debounceMs = RELOAD_DEBOUNCE_MS, options: LoadOptions = {}): CatalogWatcher {
  // An editor saves a file by writing another and renaming it over the first: a watcher on the file itself would
  // follow the old one, so a single file is watched through its directory, keeping only the events that name it.
  const file = isSingleFile(directory) ? basename(directory) : undefined
  // A file that is a link (a Kubernetes ConfigMap or Secret mount: venice.json -> ..data/venice.json) changes when a
  // link beside it is swapped, and the event names that link: then every event of the directory counts.
  const anyName = file !== undefined && lstatSync(directory).isSymbolicLink()
  const paths = file === undefined ? [directory, ...SECTIONS.map(section => join(directory, section))] : [dirname(directory)]
  const onEvent: WatchListener<string> = (_event, name) => {
    if (file === undefined || anyName || name === null || name === file) schedule()
  }
  const watchers = new Map<string, FSWatcher>()
  let timer: NodeJS.Timeout | undefined
  let reloading = false
  let changedDuringReload = false
  let closed = false

  // The root and each section directory are watched on their own: recursive watching is not portable to every
  // file system Node runs on. Sections may appear, disappear or be replaced (often under the same inode number),
  // and a watcher follows the directory it was opened on, so every reload opens them all afresh.
  const rewatch = (): void => {
    for (const watcher of watchers.values()) watcher.close()
    watchers.clear()
    /* c8 ignore next: only when the app closes during a reload */
    if (closed) return
    for (const path of paths) {
      try {
        const watcher = watch(path, onEvent)
        /* c8 ignore next: raised when a watched directory goes away on some platforms, not provokable portably */
        watcher.on('error', () => watcher.close())
        watchers.set(path, watcher)
      } catch {
        // Not there (yet): the root's events bring it in once it is created.
      }
    }
  }

  /** Loads until no change arrived meanwhile, so a directory caught halfway through a change is never served. */
  const reloadWhileChanging = async (): Promise<void> => {
    /* c8 ignore next 4: only when a change lands during a reload, a matter of timing */
    if (reloading) {
      changedDuringReload = true
      return
    }
    reloading = true
    let catalog: Catalog | undefined
    let failure: FixtureError | undefined
    do {
      changedDuringReload = false
      try {
        catalog = await loadCatalog(directory, options)
        await catalog.compress()
        failure = undefined
      } catch (error) {
        failure = error as FixtureError
      }
    } while (changedDuringReload)
    reloading = false
    rewatch()
    /* c8 ignore next: only when the app closes during a reload */
    if (closed) return
    if (failure === undefined) {
      const loaded = catalog as Catalog
      store.reload(loaded)
      log.info({ models: loaded.size }, `catalog reloaded from ${directory}: ${plural(loaded.size, 'model')}`)
      logCatalogNotes(log, loaded, directory)
    } else {
      store.markStale(failure.problems)
      log.warn(`catalog NOT reloaded, still serving the previous one (${plural(store.current.size, 'model')}): ${failure.message}`)
    }
  }

  function schedule (): void {
    clearTimeout(timer)
    if (!closed) timer = setTimeout(reloadWhileChanging, debounceMs)
  }

  rewatch()
  return {
    close: () => {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    }
  }
}
