// FTS5 string literals for MATCH expressions.
//
// FTS5 parses a query expression as a NUL-terminated C string: a NUL inside a quoted phrase ends the
// expression there and the statement fails ("unterminated string" — a search for "a\u0000b" answered
// INTERNAL; found by the long fuzz run, tests/unit/reliability/fuzz.test.ts). Indexed text holds no NUL,
// so the character is dropped from the phrase; everything else is quoted as it is ('"' doubled).
export function fts5String(s: string): string {
  return `"${s.replace(/\0/g, '').replace(/"/g, '""')}"`;
}
