/**
 * A self-contained HTML page: inline CSS only, and a Content-Security-Policy that forbids every fetch, so
 * the file opens the same offline, in a mail client or in an archive years later, and cannot call home.
 */
export function htmlDocument({
  title,
  css,
  bodyHtml,
}: {
  title: string;
  css: string;
  bodyHtml: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${css.replace(/<\/style/gi, "<\\/style")}
</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Anything in an HTML page that would load from elsewhere or run code: scripts, external src/href,
 * url() and @import in styles. The export's tests require none.
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b|<link\b|<iframe\b|<object\b|<embed\b/gi)) found.push(m[0]);
  for (const m of html.matchAll(
    /\b(?:src|href|action|srcset|xlink:href)\s*=\s*["']?(?!#|data:)([^"'\s>]+)/gi,
  ))
    found.push(m[0]);
  for (const m of html.matchAll(/url\(|@import/gi)) found.push(m[0]);
  for (const m of html.matchAll(/\bon[a-z]+\s*=/gi)) found.push(m[0]);
  return found;
}
