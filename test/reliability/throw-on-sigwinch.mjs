// Preloaded (plain JavaScript: the spawned emulator runs without a TypeScript loader) by the shutdown test: SIGWINCH, which
// close-with-grace leaves alone, throws an uncaught error.
process.on('SIGWINCH', () => { throw new Error('uncaught on purpose') })
