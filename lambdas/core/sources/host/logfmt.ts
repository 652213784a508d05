/**
 * logfmt as logrus writes it (`time="…" level=debug msg="Calling POST /v1.41/build?…"`): values
 * are bare or Go-quoted (strconv.Quote: \" \\ \n \t \xNN \uNNNN escapes). A hand-written scanner,
 * because a URL-carrying msg may hold `=`, spaces and escaped quotes that split-based parsing breaks.
 */

/** Reads a Go-quoted string starting at `start` (on the opening quote). Returns value and end index. */
function readQuoted(s: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      i++;
      continue;
    }
    const e = s[i + 1]!;
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const code = parseInt(s.slice(i, i + len), 16);
        if (/^[0-9a-fA-F]+$/.test(s.slice(i, i + len)) && code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += len;
        } else out += `\\${e}`;
        break;
      }
      default:
        // \" \\ and anything unknown: keep the escaped character itself.
        out += e;
    }
  }
  // Unterminated (a truncated line): keep what was read.
  return { value: out, end: s.length };
}

/** Parses `key=value key="quoted value" …`. Tokens without `=` are skipped. Later keys win. */
export function parseLogfmt(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && s.charCodeAt(i) <= 0x20) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && s[i] !== '=' && s.charCodeAt(i) > 0x20) i++;
    const key = s.slice(keyStart, i);
    if (s[i] !== '=') continue;
    i++;
    if (s[i] === '"') {
      const q = readQuoted(s, i);
      out.set(key, q.value);
      i = q.end;
    } else {
      const valueStart = i;
      while (i < n && s.charCodeAt(i) > 0x20) i++;
      out.set(key, s.slice(valueStart, i));
    }
  }
  return out;
}
