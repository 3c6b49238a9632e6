import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registerTextCommand, TextInputError } from './text-command.ts';

/* The `text` commands, run in-process on files and on a fake standard input. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'km-text-'));

function file(name: string, content: string | Buffer): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

async function run(args: string[], stdin?: string | Buffer): Promise<{ out: string; err: string; error?: Error; lines: unknown[] }> {
  let out = '';
  let err = '';
  const program = new Command('keymoment').exitOverride().configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  registerTextCommand(program, { out: (t) => (out += t), err: (t) => (err += t), stdin: stdin === undefined ? undefined : Readable.from([Buffer.from(stdin)]) });
  let error: Error | undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    error = e as Error;
  }
  const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
  return { out, err, error, lines };
}

describe('keymoment text sentiment', () => {
  it('answers one JSON object per input line, in order', async () => {
    const input = file('mixed.txt', 'Сервис не хороший\n房間很乾淨，服務很好\nThe staff were wonderful!\n\nA szoba koszos volt.\n');
    const { lines, error } = await run(['text', 'sentiment', input]);
    expect(error).toBeUndefined();
    expect(lines).toEqual([
      { lang: 'ru', score: expect.any(Number), label: 'negative' },
      { lang: 'zh-TW', score: expect.any(Number), label: 'positive' },
      { lang: 'en', score: expect.any(Number), label: 'positive' },
      { lang: 'other', score: 0, label: 'neutral' },
      { lang: 'hu', score: expect.any(Number), label: 'negative' },
    ]);
    for (const line of lines as Array<{ score: number }>) expect(Math.abs(line.score)).toBeLessThanOrEqual(1);
  });

  it('reads standard input with -, CRLF line ends, a BOM and no final newline', async () => {
    const { lines } = await run(['text', 'sentiment', '-'], '\uFEFFgreat service\r\nterrible service');
    expect(lines).toEqual([
      { lang: 'en', score: expect.any(Number), label: 'positive' },
      { lang: 'en', score: expect.any(Number), label: 'negative' },
    ]);
  });

  it('applies --lang to every line', async () => {
    const { lines } = await run(['text', 'sentiment', '--lang', 'hu', '-'], 'jó\n');
    expect(lines).toEqual([{ lang: 'hu', score: expect.any(Number), label: 'positive' }]);
    const zh = await run(['text', 'sentiment', '--lang', 'zh', '-'], '房間很乾淨\n');
    expect(zh.lines).toEqual([{ lang: 'zh-TW', score: expect.any(Number), label: 'positive' }]);
  });

  it('rejects an unknown --lang with a message naming the option', async () => {
    const { err, error } = await run(['text', 'sentiment', '--lang', 'klingon', '-'], 'x\n');
    expect(error).toBeDefined();
    expect(err).toMatch(/--lang.*klingon.*en, zh, zh-CN, zh-TW, ru, hu/);
  });

  it('names unreadable lines, keeps the output aligned and still analyses the good lines', async () => {
    const input = file('bad.txt', Buffer.concat([Buffer.from('good food\n'), Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from('bad food\nnul\u0000here\n')]));
    const { lines, err, error } = await run(['text', 'sentiment', input]);
    expect(lines).toEqual([
      { lang: 'en', score: expect.any(Number), label: 'positive' },
      { line: 2, error: 'is not valid UTF-8 text' },
      { lang: 'en', score: expect.any(Number), label: 'negative' },
      { line: 4, error: 'contains a NUL byte (binary data?)' },
    ]);
    expect(err).toContain('line 2: is not valid UTF-8 text');
    expect(error).toBeInstanceOf(TextInputError);
    expect(error?.message).toMatch(/2 lines of .*bad\.txt could not be read \(line 2, 4\)/);
    expect((error as TextInputError).badLines).toEqual([2, 4]);
  });

  it('says clearly when the file cannot be opened', async () => {
    const missing = await run(['text', 'sentiment', path.join(dir, 'nope.txt')]);
    expect(missing.error?.message).toMatch(/cannot read .*nope\.txt: no such file/);
    const folder = await run(['text', 'sentiment', dir]);
    expect(folder.error?.message).toMatch(/cannot read .*: is a directory/);
  });

  it('handles more lines than one output batch', async () => {
    const many = Array.from({ length: 600 }, (_, i) => (i % 2 ? 'excellent' : 'awful')).join('\n');
    const { lines } = await run(['text', 'sentiment', '-'], many);
    expect(lines).toHaveLength(600);
    expect((lines as Array<{ label: string }>).filter((l) => l.label === 'positive')).toHaveLength(300);
  });
});

describe('keymoment text themes', () => {
  it('answers themes and key phrases per line', async () => {
    const { lines } = await run(['text', 'themes', '-'], 'We waited an hour and the staff were rude\n');
    expect(lines).toEqual([
      {
        lang: 'en',
        themes: expect.arrayContaining([expect.objectContaining({ theme: 'waiting_time' }), expect.objectContaining({ theme: 'staff_attitude' })]),
        keyPhrases: expect.any(Array),
      },
    ]);
  });
});
