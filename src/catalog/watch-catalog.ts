// Reloads the catalog when its fixture directory changes: file-system events, debounced, one reload at a time.
import { watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { CatalogStore } from './catalog-store.js'
import { formatProblems, type FixtureError } from './fixture-problems.js'
import { loadCatalog } from './load-catalog.js'

/** Editors write a file in several steps; changes closer together than this become one reload. */
export const RELOAD_DEBOUNCE_MS = 150

const WATCHED_SECTIONS = ['models', 'traits', 'compatibility_mapping']

export interface CatalogWatcher {
  close: () => void
}

export function watchCatalog (directory: string, store: CatalogStore, log: FastifyBaseLogger, debounceMs = RELOAD_DEBOUNCE_MS): CatalogWatcher {
  const watchers = new Map<string, FSWatcher>()
  let timer: NodeJS.Timeout | undefined
  let reloading = false
  let changedDuringReload = false
  let closed = false

  // The root and each section directory are watched on their own: recursive watching is not portable to every
  // file system Node runs on, and sections may appear or disappear, so the set is refreshed after every reload.
  const refreshWatchers = (): void => {
    /* c8 ignore next: only when the app closes during a reload */
    if (closed) return
    for (const path of [directory, ...WATCHED_SECTIONS.map(section => join(directory, section))]) {
      if (watchers.has(path)) continue
      try {
        const watcher = watch(path, schedule)
        /* c8 ignore next 4: raised when a watched directory goes away on some platforms, not provokable portably */
        watcher.on('error', () => {
          watcher.close()
          watchers.delete(path)
        })
        watchers.set(path, watcher)
      } catch {
        // A section that does not exist yet; the root's events bring it in once it is created.
      }
    }
  }

  const reload = async (): Promise<void> => {
    try {
      const catalog = await loadCatalog(directory)
      store.reload(catalog)
      log.info({ models: catalog.size }, `catalog reloaded from ${directory}: ${catalog.size} models`)
      if (catalog.warnings.length > 0) log.warn(`catalog warnings:\n${formatProblems(catalog.warnings)}`)
    } catch (error) {
      const failure = error as FixtureError
      store.markStale(failure.problems)
      log.warn(`catalog NOT reloaded, still serving the previous one (${store.current.size} models): ${failure.message}`)
    }
    refreshWatchers()
  }

  /** Reloads until no change arrived meanwhile: one reload at a time, never one on top of another. */
  const reloadWhileChanging = async (): Promise<void> => {
    /* c8 ignore next 4: only when a change lands during a reload, a matter of timing */
    if (reloading) {
      changedDuringReload = true
      return
    }
    reloading = true
    for (;;) {
      changedDuringReload = false
      await reload()
      /* c8 ignore next: see above */
      if (!changedDuringReload) break
    }
    reloading = false
  }

  function schedule (): void {
    clearTimeout(timer)
    if (!closed) timer = setTimeout(reloadWhileChanging, debounceMs)
  }

  refreshWatchers()
  return {
    close: () => {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    }
  }
}
