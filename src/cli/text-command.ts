import { type Command, InvalidArgumentError, Option } from 'commander';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { analyzeSentiment, extractThemes, type LanguageOption, parseLanguageTag } from '../text/index.ts';

/*
 * `keymoment text sentiment|themes [--lang xx] FILE`: one text per line (FILE or - for standard
 * input), one JSON object per line out, in the same order, so results can be pasted beside the
 * input. Input is read as a stream of bytes and cut at newlines before decoding, so a line that is
 * not UTF-8 is caught and named (line number) instead of being silently mangled. Such a line gets
 * `{"line":N,"error":"…"}` in its place (the output stays aligned with the input), every good line is
 * still analysed, and the command ends with an error naming the bad lines (exit code 1).
 */

export interface TextCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input, for FILE "-" (tests pass their own stream). */
  stdin?: Readable;
}

const defaultIo: TextCommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** A line longer than this is not a comment: it is reported instead of analysed. */
export const MAX_LINE_BYTES = 1_000_000;
const FLUSH_EVERY = 256;

export class TextInputError extends Error {
  constructor(
    message: string,
    readonly badLines: readonly number[],
  ) {
    super(message);
    this.name = 'TextInputError';
  }
}

function parseLang(value: string): LanguageOption {
  const lang = parseLanguageTag(value);
  if (!lang) throw new InvalidArgumentError('one of en, zh, zh-CN, zh-TW, ru, hu, other');
  return lang;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes one line, or says why it cannot be read. */
function decodeLine(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.length > MAX_LINE_BYTES) return { error: `longer than ${MAX_LINE_BYTES} bytes` };
  if (bytes.includes(0)) return { error: 'contains a NUL byte (binary data?)' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { error: 'is not valid UTF-8 text' };
  }
  return { text: text.endsWith('\r') ? text.slice(0, -1) : text };
}

/** Splits a byte stream into lines (without the newline); a last line without newline counts. */
async function* byteLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const chunk of input) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let at = buf.indexOf(0x0a);
    while (at >= 0) {
      const head = buf.subarray(0, at);
      yield pending.length === 0 ? head : Buffer.concat([...pending, head]);
      pending = [];
      pendingLength = 0;
      buf = buf.subarray(at + 1);
      at = buf.indexOf(0x0a);
    }
    if (buf.length > 0) {
      // Past the limit only the length matters: keep a prefix, not the whole runaway line.
      if (pendingLength <= MAX_LINE_BYTES) pending.push(buf);
      pendingLength += buf.length;
    }
  }
  if (pendingLength > 0) yield pendingLength > MAX_LINE_BYTES ? new Uint8Array(pendingLength) : Buffer.concat(pending);
}

function openInput(file: string, io: TextCommandIo): Readable {
  if (file === '-') return io.stdin ?? process.stdin;
  return createReadStream(file);
}

/** Runs `analyse` over every line of FILE, writing one JSON line per input line. */
async function eachLine(file: string, io: TextCommandIo, analyse: (text: string) => unknown): Promise<void> {
  const input = openInput(file, io);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  const cannotRead = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    return new TextInputError(`cannot read ${file}: ${why}`, []);
  };
  try {
    await opened;
  } catch (error) {
    throw cannotRead(error);
  }
  const bad: Array<{ line: number; error: string }> = [];
  let buffer: string[] = [];
  let line = 0;
  let first = true;
  const lines = byteLines(input);
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await lines.next();
    } catch (error) {
      throw cannotRead(error);
    }
    if (next.done) break;
    const bytes = next.value;
    line++;
    let decoded = decodeLine(bytes);
    if (first && 'text' in decoded && decoded.text.charCodeAt(0) === 0xfeff) decoded = { text: decoded.text.slice(1) };
    first = false;
    if ('error' in decoded) {
      bad.push({ line, error: decoded.error });
      io.err(`line ${line}: ${decoded.error}\n`);
      buffer.push(JSON.stringify({ line, error: decoded.error }));
    } else {
      buffer.push(JSON.stringify(analyse(decoded.text)));
    }
    if (buffer.length >= FLUSH_EVERY) {
      io.out(`${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) io.out(`${buffer.join('\n')}\n`);
  if (bad.length > 0) {
    const shown = bad.slice(0, 10).map((b) => b.line).join(', ');
    throw new TextInputError(
      `${bad.length} line${bad.length === 1 ? '' : 's'} of ${file === '-' ? 'standard input' : file} could not be read (line ${shown}${bad.length > 10 ? ', …' : ''}); the other lines were analysed`,
      bad.map((b) => b.line),
    );
  }
}

/** Adds `text sentiment` and `text themes` to the keymoment program. */
export function registerTextCommand(program: Command, io: TextCommandIo = defaultIo): Command {
  const text = program.command('text').description('text analytics on comments: sentiment and themes (en, zh-CN, zh-TW, ru, hu)');
  const langOption = () =>
    new Option('--lang <lang>', 'language of every line: en, zh, zh-CN, zh-TW, ru, hu or other (default: detected per line)').argParser(parseLang);

  text
    .command('sentiment')
    .description('score each line: one JSON object {"lang","score","label"} per line')
    .addOption(langOption())
    .argument('<file>', 'text file with one comment per line, or - for standard input')
    .action(async (file: string, flags: { lang?: LanguageOption }) => {
      await eachLine(file, io, (line) => analyzeSentiment(line, { lang: flags.lang }));
    });

  text
    .command('themes')
    .description('themes and key phrases of each line: one JSON object {"lang","themes","keyPhrases"} per line')
    .addOption(langOption())
    .argument('<file>', 'text file with one comment per line, or - for standard input')
    .action(async (file: string, flags: { lang?: LanguageOption }) => {
      await eachLine(file, io, (line) => extractThemes(line, { lang: flags.lang }));
    });

  return text;
}
