/** Languages offered when creating a script. Any valid BCP 47 tag is accepted on import. */
export const LANGUAGES: readonly { tag: string; name: string }[] = [
  { tag: "en", name: "English" },
  { tag: "en-GB", name: "English (United Kingdom)" },
  { tag: "en-US", name: "English (United States)" },
  { tag: "zh-CN", name: "中文（简体）" },
  { tag: "zh-TW", name: "中文（繁體）" },
  { tag: "hu", name: "Magyar" },
  { tag: "de", name: "Deutsch" },
  { tag: "fr", name: "Français" },
  { tag: "es", name: "Español" },
  { tag: "it", name: "Italiano" },
  { tag: "pl", name: "Polski" },
  { tag: "pt-BR", name: "Português (Brasil)" },
  { tag: "ja", name: "日本語" },
  { tag: "ko", name: "한국어" },
];

export function languageName(tag: string): string {
  return LANGUAGES.find((l) => l.tag.toLowerCase() === tag.toLowerCase())?.name ?? tag;
}
