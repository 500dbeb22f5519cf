const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A short random id for nodes, edges, options and rules (unique enough within one script). */
export function newId(prefix = ""): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}
