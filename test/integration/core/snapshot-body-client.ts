// A server client that answers only the snapshot, with these bytes in chunks of this size (views into them, as a
// network hands chunks over: no copy). Feeds the loader a real body without a server: tests and the bench's apply.
import type { ServerClient } from '../../../main/core/sync/server-client';

export function snapshotBodyClient(body: Uint8Array, chunkBytes: number): ServerClient {
  let offset = 0;
  return {
    timeoutMs: 15_000,
    snapshot: async () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= body.length) controller.close();
          else controller.enqueue(body.subarray(offset, (offset += chunkBytes)));
        },
      }),
  } as unknown as ServerClient;
}
