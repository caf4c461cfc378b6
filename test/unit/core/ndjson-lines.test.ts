// The snapshot's lines, whatever the network's cuts: a chunk may end inside a line or inside a character.
import { describe, expect, it } from 'vitest';
import { NdjsonLines } from '../../../main/core/sync/ndjson-lines';

const TEXT = ['{"kind":"header","cursor":"e:1"}', '{"row":"Zoé Œuvre’s 😀 \\n ä"}', '', '{"row":"plain"}', '{"kind":"end","rows":2}'].join('\n');

/** Every line the splitter gives for these chunks, and at the end. */
function linesOf(chunks: Uint8Array[]): string[] {
  const splitter = new NdjsonLines();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

describe('NDJSON lines', () => {
  const bytes = new TextEncoder().encode(TEXT);
  const expected = TEXT.split('\n').filter((line) => line !== '');

  it('gives each non-empty line whole, wherever one cut falls (inside two-, three- and four-byte characters too)', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(linesOf([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('gives the same lines from one byte at a time, and from chunks that are views into a larger buffer', () => {
    expect(linesOf(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)))).toEqual(expected);
    const padded = new Uint8Array(bytes.length + 20);
    padded.set(bytes, 10);
    const half = 10 + Math.floor(bytes.length / 2);
    expect(linesOf([padded.subarray(10, half), padded.subarray(half, 10 + bytes.length)])).toEqual(expected);
  });

  it('ends with the last line whether or not a newline follows it, and with nothing after an empty body', () => {
    expect(linesOf([new TextEncoder().encode(`${TEXT}\n`)])).toEqual(expected);
    expect(linesOf([new TextEncoder().encode(`${TEXT}\n\n`)])).toEqual(expected);
    expect(linesOf([])).toEqual([]);
    expect(linesOf([new Uint8Array(0)])).toEqual([]);
  });

  it('reads bytes that are not UTF-8 as U+FFFD, as TextDecoder does', () => {
    const broken = Uint8Array.from([0x7b, 0xff, 0xc3, 0x7d, 0x0a, 0x61]);
    expect(linesOf([broken])).toEqual(new TextDecoder().decode(broken).split('\n'));
  });

  it('does not keep the caller\'s chunk: a chunk overwritten after it was pushed changes no line', () => {
    const splitter = new NdjsonLines();
    const chunk = new TextEncoder().encode('{"a":1}\n{"b":');
    expect(splitter.push(chunk)).toEqual(['{"a":1}']);
    chunk.fill(0x20);
    expect([...splitter.push(new TextEncoder().encode('2}\n')), ...splitter.end()]).toEqual(['{"b":2}']);
  });
});
