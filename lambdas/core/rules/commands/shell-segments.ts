/**
 * Splits a shell script (the string of `sh -c '…'`) into simple commands, each a list of words.
 * A tokenizer, not a shell: quotes and backslashes are honoured, words are split on blanks, and a
 * command ends at `;`, `&&`, `||`, `|`, `&`, a newline, a parenthesis, `$(` or a backquote (so
 * subshells and command substitutions become commands of their own). Redirections (`2>&1`,
 * `> log`) and comments are dropped; variables are not expanded. One pass over at most
 * MAX_SCRIPT_CHARS characters, no regular expression.
 */
import { MAX_SCRIPT_CHARS, MAX_SEGMENTS, MAX_TOKENS } from './command-types';

const BLANK = new Set([' ', '\t', '\r', '\f', '\v']);
const REDIRECT_OPERATOR = new Set(['<', '>', '&', '|']);

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (ch < '0' || ch > '9') return false;
  return true;
}

/** One command of a script; `complete` is false when words were cut (a bound reached inside it). */
export interface ScriptCommand {
  words: string[];
  complete: boolean;
}

/** The simple commands of a script, in order: at most `maxSegments`, each at most MAX_TOKENS words. */
export function scriptCommands(script: string, maxSegments = MAX_SEGMENTS): ScriptCommand[] {
  const cutScript = script.length > MAX_SCRIPT_CHARS;
  const s = cutScript ? script.slice(0, MAX_SCRIPT_CHARS) : script;
  const segments: ScriptCommand[] = [];
  let words: string[] = [];
  let complete = true;
  let word = '';
  let inWord = false;
  /** The next word is a redirection target (`> file`), not an argument. */
  let dropNextWord = false;

  const endWord = () => {
    if (!inWord) return;
    if (dropNextWord) dropNextWord = false;
    else if (words.length < MAX_TOKENS) words.push(word);
    else complete = false;
    word = '';
    inWord = false;
  };
  const endSegment = () => {
    endWord();
    if (words.length > 0 && segments.length < maxSegments) segments.push({ words, complete });
    words = [];
    complete = true;
    dropNextWord = false;
  };

  let i = 0;
  while (i < s.length && segments.length < maxSegments) {
    const ch = s[i]!;
    const next = s[i + 1];
    if (BLANK.has(ch)) {
      endWord();
      i++;
    } else if (ch === '\n' || ch === ';' || ch === '(' || ch === ')' || ch === '`') {
      endSegment();
      i++;
    } else if (ch === '$' && next === '(') {
      endSegment();
      i += 2;
    } else if (ch === '&' && next === '>') {
      // `&>file`, `&>>file`: both streams to a file.
      endWord();
      i += next === '>' && s[i + 2] === '>' ? 3 : 2;
      dropNextWord = true;
    } else if (ch === '&' || ch === '|') {
      endSegment();
      i += next === ch || (ch === '|' && next === '&') ? 2 : 1;
    } else if (ch === '<' || ch === '>') {
      // `2>&1`, `>>log`, `<input`, `>&2`: a file-descriptor number before the operator is part of it.
      if (inWord && isDigits(word)) {
        word = '';
        inWord = false;
      } else endWord();
      let j = i + 1;
      while (j < s.length && j < i + 3 && REDIRECT_OPERATOR.has(s[j]!)) j++;
      if (s[j - 1] === '&' && j < s.length && (s[j] === '-' || isDigits(s[j]!))) {
        while (j < s.length && (s[j] === '-' || isDigits(s[j]!))) j++;
      } else dropNextWord = true;
      i = j;
    } else if (ch === '#' && !inWord) {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (ch === "'") {
      inWord = true;
      const close = s.indexOf("'", i + 1);
      const end = close < 0 ? s.length : close;
      word += s.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      inWord = true;
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1]!)) {
          if (s[i + 1] !== '\n') word += s[i + 1];
          i += 2;
        } else word += s[i++];
      }
      i++;
    } else if (ch === '\\') {
      // A backslash-newline continues the line; any other escaped character is literal.
      if (next !== undefined && next !== '\n') {
        inWord = true;
        word += next;
      }
      i += 2;
    } else {
      inWord = true;
      word += ch;
      i++;
    }
  }
  // The last command of a script cut short may have lost words.
  if (cutScript) complete = false;
  endSegment();
  return segments;
}

/** The words of each command of a script (see scriptCommands). */
export function scriptSegments(script: string, maxSegments = MAX_SEGMENTS): string[][] {
  return scriptCommands(script, maxSegments).map((c) => c.words);
}
