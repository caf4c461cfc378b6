// A fetch that leaves the body as the server sent it, for the bootstrap snapshot. fetch decompresses through its own
// stream layers (~4 200 pieces of 16 KB for a 100k snapshot): 345-465 ms of the core's CPU to download one. Here
// node:http(s) answers the request and the caller decompresses in one zlib pipeline (decodedBody): 200-240 ms for the
// same bytes. ky still drives the request (timeout, retries, errors).
import http from 'node:http';
import https from 'node:https';
import { pipeline, Readable, type Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import type { SnapshotEncoding } from '../../../shared/protocol/snapshot';

/**
 * Decompressed pieces this large. Larger ones gain nothing more (100k first sync: 3.30-3.44 s in 64 KB pieces,
 * 3.26-3.49 s in 256 KB ones, 3.46-3.56 s in 16 KB ones) and stay resident: +15 MB at 256 KB after a 100k load.
 */
const DECODED_CHUNK_BYTES = 64 * 1024;

const DECODERS: Record<SnapshotEncoding, () => Transform> = {
  br: () => createBrotliDecompress({ chunkSize: DECODED_CHUNK_BYTES }),
  gzip: () => createGunzip({ chunkSize: DECODED_CHUNK_BYTES }),
};

/** A web stream read from a Node stream as the reader asks (the Node stream waits meanwhile: no unbounded queue). */
function pulled(source: Readable): ReadableStream<Uint8Array> {
  const pieces = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pieces.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      source.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/** fetch's signature, over node:http(s), without content decoding. */
export function fetchUndecoded(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  return new Promise<Response>((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: request.method, headers: Object.fromEntries(request.headers), signal: request.signal },
      (incoming) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = incoming.statusCode ?? 502;
        const bodyless = request.method === 'HEAD' || status === 204 || status === 304;
        resolve(new Response(bodyless ? null : pulled(incoming), { status, statusText: incoming.statusMessage ?? '', headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * The body of a fetchUndecoded response, decompressed as its content-encoding says (one of the snapshot's encodings,
 * or none); null for an encoding this client did not ask for. A body cut short, or not decompressible, fails its
 * reader.
 */
export function decodedBody(response: Response): ReadableStream<Uint8Array> | null {
  if (!response.body) return null;
  const encoding = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return response.body;
  if (!Object.hasOwn(DECODERS, encoding)) return null;
  const decoder = DECODERS[encoding as SnapshotEncoding]();
  // A failure on either side (the connection cut, bytes that do not decompress) destroys both, and fails the reader.
  return pulled(pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), decoder, () => undefined));
}
