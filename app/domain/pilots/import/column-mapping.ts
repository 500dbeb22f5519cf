/** Contact attributes a list column can fill, besides merge fields. */
export const CONTACT_ATTRIBUTES = [
  "phone",
  "name",
  "company",
  "timeZone",
  "leadClass",
  "vip",
  "region",
  "externalId",
] as const;

export type ContactAttribute = (typeof CONTACT_ATTRIBUTES)[number];

export const CONTACT_ATTRIBUTE_LABELS: Record<ContactAttribute, string> = {
  phone: "Phone number",
  name: "Name",
  company: "Company",
  timeZone: "Time zone",
  leadClass: "Lead class (A–F)",
  vip: "VIP",
  region: "Region",
  externalId: "External id",
};

/**
 * Which column (by its header text) fills each contact attribute and each merge field. `phone` is needed
 * for an import; everything else is optional.
 */
export interface ColumnMapping {
  attributes: Partial<Record<ContactAttribute, string>>;
  /** Merge-field key -> column. */
  fields: Record<string, string>;
}

/** A merge field the pilot's scripts use (from their variables). */
export interface MergeFieldSpec {
  key: string;
  label?: string;
  required?: boolean;
}

const ATTRIBUTE_ALIASES: Record<ContactAttribute, string[]> = {
  phone: [
    "phone",
    "phonenumber",
    "telephone",
    "tel",
    "mobile",
    "mobilephone",
    "cell",
    "cellphone",
    "number",
    "msisdn",
    "telefon",
    "电话",
    "手机",
  ],
  name: ["name", "fullname", "contactname", "contact", "customername", "姓名"],
  company: ["company", "companyname", "organisation", "organization", "account", "employer", "公司"],
  timeZone: ["timezone", "tz", "zone"],
  leadClass: ["leadclass", "class", "grade", "leadgrade", "category", "rating"],
  vip: ["vip", "isvip"],
  region: ["region", "area", "territory", "county", "state", "province", "地区"],
  externalId: ["externalid", "id", "crmid", "contactid", "customerid", "leadid", "ref", "reference"],
};

/** Lower-case letters and digits only, so "Phone Number", "phone_number" and "PHONE-NUMBER" compare equal. */
export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * A first guess at the mapping from the header: attributes by common column names (English, plus a few
 * Chinese), merge fields by their key or label. Each column is used once; the lead confirms or changes it.
 */
export function guessMapping(
  columns: readonly string[],
  mergeFields: readonly MergeFieldSpec[],
): ColumnMapping {
  const byName = new Map<string, string>();
  for (const column of columns) {
    const key = normalizeColumnName(column);
    if (key && !byName.has(key)) byName.set(key, column);
  }
  const used = new Set<string>();
  const take = (candidates: string[]): string | undefined => {
    for (const candidate of candidates) {
      const column = byName.get(normalizeColumnName(candidate));
      if (column !== undefined && !used.has(column)) {
        used.add(column);
        return column;
      }
    }
    return undefined;
  };
  const fields: Record<string, string> = {};
  // Merge fields first: a script's own key ("company") is the surest match for its column.
  for (const field of mergeFields) {
    const column = take([field.key, ...(field.label ? [field.label] : [])]);
    if (column !== undefined) fields[field.key] = column;
  }
  const attributes: ColumnMapping["attributes"] = {};
  for (const attribute of CONTACT_ATTRIBUTES) {
    const column = take(ATTRIBUTE_ALIASES[attribute]) ?? reuse(attribute, fields, mergeFields);
    if (column !== undefined) attributes[attribute] = column;
  }
  return { attributes, fields };
}

/** A column already used by a merge field of the same meaning (company, name) also fills the attribute. */
function reuse(
  attribute: ContactAttribute,
  fields: Record<string, string>,
  mergeFields: readonly MergeFieldSpec[],
): string | undefined {
  const aliases = new Set(ATTRIBUTE_ALIASES[attribute]);
  for (const field of mergeFields) {
    if (aliases.has(normalizeColumnName(field.key)) && fields[field.key] !== undefined)
      return fields[field.key];
  }
  return undefined;
}

/**
 * The merge fields a pilot's list must fill: every variable of every variant's script, once, required
 * when any script requires it, labelled by the first script that declares it.
 */
export function pilotMergeFields(
  scripts: readonly { variables: readonly MergeFieldSpec[] }[],
): MergeFieldSpec[] {
  const byKey = new Map<string, MergeFieldSpec>();
  for (const script of scripts) {
    for (const variable of script.variables) {
      const known = byKey.get(variable.key);
      if (!known)
        byKey.set(variable.key, {
          key: variable.key,
          label: variable.label,
          required: variable.required === true,
        });
      else if (variable.required) known.required = true;
    }
  }
  return [...byKey.values()];
}
