// The lines of an NDJSON body that arrives in chunks cut anywhere, each decoded from its own bytes. A newline byte
// never occurs inside a UTF-8 sequence, so cutting the bytes there never splits a character. Decoded line by line,
// the many lines that hold only Latin-1 text become one-byte strings, which JSON.parse and the schemas' checks read
// faster than slices of a chunk decoded whole (one character beyond Latin-1 makes all of it two-byte): decoding and
// parsing a 10k snapshot's lines took 30 % less once the code is warm, 10 % on its first pass. Bytes that are not
// UTF-8 read as U+FFFD, as TextDecoder reads them.

const NEWLINE = 0x0a;

export class NdjsonLines {
  /** The bytes after the last newline seen: the start of a line that the next chunk ends. */
  private carry: Buffer | null = null;

  /** The lines this chunk completes, empty ones left out. */
  push(chunk: Uint8Array): string[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: string[] = [];
    let start = 0;
    if (this.carry) {
      const end = bytes.indexOf(NEWLINE);
      if (end === -1) {
        this.carry = Buffer.concat([this.carry, bytes]);
        return lines;
      }
      const first = Buffer.concat([this.carry, bytes.subarray(0, end)]);
      if (first.length > 0) lines.push(first.toString('utf8'));
      start = end + 1;
    }
    for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      if (end > start) lines.push(bytes.toString('utf8', start, end));
      start = end + 1;
    }
    // Copied: a view would keep the whole chunk alive, and its owner may reuse it.
    this.carry = start < bytes.length ? Buffer.from(bytes.subarray(start)) : null;
    return lines;
  }

  /** The last line, when the body does not end with a newline. */
  end(): string[] {
    const last = this.carry?.toString('utf8');
    this.carry = null;
    return last ? [last] : [];
  }
}
