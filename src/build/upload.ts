// The presigned upload: a multipart form POST to a URL outside the API (an S3
// bucket upstream), the policy fields first and the file last, as S3 requires.
// No bearer key goes there: the signed fields are the authorization.
import { FormData, fetch, type Dispatcher } from "undici";
import { UploadError } from "../client/errors/UploadError";
import type { UploadTarget } from "./schema";

const ATTEMPTS = 3;

export async function uploadContext(
  target: UploadTarget,
  archive: Blob,
  options: { dispatcher?: Dispatcher; sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const host = new URL(target.uploadUrl).host;
  for (let attempt = 1; ; attempt++) {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.uploadFields)) form.append(name, value);
    if (!("Content-Type" in target.uploadFields)) form.append("Content-Type", "application/gzip");
    form.append("file", archive, "context.tar.gz"); // a Blob is streamed: the archive need not be in memory
    let failure: string;
    try {
      const response = await fetch(target.uploadUrl, { method: "POST", body: form, dispatcher: options.dispatcher });
      const text = await response.text();
      if (response.ok) return;
      failure = `HTTP ${response.status}: ${summarize(text)}`;
      // A 4xx (expired or rejected policy, say) will not heal by repeating it.
      if (response.status < 500) throw new UploadError(`Uploading the build context to ${host} failed with ${failure}`);
    } catch (error) {
      if (error instanceof UploadError) throw error;
      failure = (error as Error).message;
    }
    if (attempt >= ATTEMPTS) throw new UploadError(`Uploading the build context to ${host} failed after ${attempt} attempts: ${failure}`);
    await sleep(500 * attempt);
  }
}

/** S3 answers in XML: its Code and Message say it all. */
function summarize(text: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  if (code || message) return [code, message].filter(Boolean).join(": ");
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || "(empty body)";
}
