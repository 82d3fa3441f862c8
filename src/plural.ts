// Counts in messages: "1 model", "2 models", "1 entry", "3 entries".

/** `count` and the word for it, with `many` (default: the word and an s) unless the count is one. */
export function plural (count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}
