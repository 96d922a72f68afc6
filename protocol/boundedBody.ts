/**
 * A fetch answer's body as UTF-8 text, read no further than `maxBytes`: undefined for a longer
 * body, whose reading stops there. A `Content-Length` is not trusted to bound it (a chunked answer
 * has none), and invalid UTF-8 is an error rather than U+FFFD.
 */
export async function boundedText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.length), 0);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
