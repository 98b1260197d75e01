// Following the audit trail as NDJSON, for a SIEM: first the events after a
// sequence number, then new ones as they are appended (polled), until the
// client goes away or the stream's maximum duration is reached. A client
// resumes with ?after=<last seq it received>.
import { z } from "zod";
import type { Db } from "../db/client";
import { dropEmpty } from "../drop-empty";
import { validationError } from "../errors";
import { EXPORT_BATCH, eventBatches, ndjsonLine, textStream } from "./export";
import { eventListParams, eventQuery } from "./queries/list-events";

export const MAX_FOLLOW_SECONDS = 3_600;

export const followParams = eventListParams.omit({ before: true, limit: true }).extend({
  after: z.coerce.number().int().min(0).default(0),
  /** the stream closes after this long; the client reconnects with ?after= */
  maxSeconds: z.coerce.number().int().min(1).max(MAX_FOLLOW_SECONDS).default(300),
});

export type FollowOptions = { pollMs?: number; signal?: AbortSignal; now?: () => number };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export async function followEvents(db: Db, raw: unknown, { pollMs = 1_000, signal, now = Date.now }: FollowOptions = {}): Promise<ReadableStream<Uint8Array>> {
  const parsed = followParams.safeParse(dropEmpty(raw));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { after, maxSeconds, ...filter } = parsed.data;
  const query = await eventQuery(db, filter);
  const deadline = now() + maxSeconds * 1_000;
  const stop = new AbortController();
  signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const live = () => !stop.signal.aborted && now() < deadline;

  async function* chunks(): AsyncGenerator<string> {
    let cursor = after;
    // A change request that does not exist yet may never match: still honour the duration.
    while (live()) {
      let sent = false;
      for await (const batch of eventBatches(db, query, { after: cursor, batch: EXPORT_BATCH })) {
        cursor = batch.at(-1)!.seq;
        sent = true;
        yield batch.map(ndjsonLine).join("");
        if (!live()) return;
      }
      if (!sent) await sleep(Math.min(pollMs, Math.max(0, deadline - now())), stop.signal);
    }
  }
  return textStream(chunks(), () => stop.abort());
}
