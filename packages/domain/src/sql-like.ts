/** A search term for ILIKE: `%`, `_` and `\` in it are literal characters, not patterns. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
