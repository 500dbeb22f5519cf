import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from "libphonenumber-js/max";

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/** True for an ISO 3166-1 alpha-2 region libphonenumber knows (GB, US, CN...). */
export function isPhoneRegion(region: string): region is CountryCode {
  return isSupportedCountry(region);
}

/**
 * Normalises a number as written in a list ("07700 900123", "+1 (202) 555-0143", "0044 20 7946 0958") to
 * E.164 with libphonenumber-js (full metadata, so a number must fit its country's real numbering plan,
 * not only its length). Numbers without a country code are read in `defaultRegion`. The reason never
 * repeats the number: rejected-row lists are shown and may be saved.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode): PhoneResult {
  const text = raw.trim();
  if (text === "") return { ok: false, reason: "the phone number is empty" };
  if (!/\d/.test(text)) return { ok: false, reason: "the phone field does not contain a phone number" };
  const parsed = parsePhoneNumberFromString(text, parseOptions(defaultRegion));
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  const length = validatePhoneNumberLength(text, defaultRegion);
  const where =
    parsed?.country ?? (text.startsWith("+") || text.startsWith("00") ? undefined : defaultRegion);
  const inRegion = where ? ` for ${where}` : "";
  switch (length) {
    case "TOO_SHORT":
      return { ok: false, reason: `the phone number is too short${inRegion}` };
    case "TOO_LONG":
      return { ok: false, reason: `the phone number is too long${inRegion}` };
    case "INVALID_COUNTRY":
      return { ok: false, reason: "the phone number's country code is not recognised" };
    case "NOT_A_NUMBER":
      return { ok: false, reason: "the phone field does not contain a phone number" };
    default:
      return { ok: false, reason: `the phone number is not a valid number${inRegion}` };
  }
}

const optionsByRegion = new Map<CountryCode, { defaultCountry: CountryCode; extract: false }>();

/** One options object per region rather than one per number: a list has one region and 100,000 rows. */
function parseOptions(region: CountryCode): { defaultCountry: CountryCode; extract: false } {
  let options = optionsByRegion.get(region);
  if (!options) optionsByRegion.set(region, (options = { defaultCountry: region, extract: false }));
  return options;
}
