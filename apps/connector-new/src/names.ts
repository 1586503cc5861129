/** A connector id: lower-case words of letters and digits joined by single dashes. */
const CONNECTOR_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The id the template is written for; each of its spellings is replaced by the new name's. */
export const TEMPLATE_ID = 'sample-vendor';

/** Every spelling of a connector name the template uses, e.g. for `acme-crm`. */
export interface NameForms {
  /** `acme-crm`: the connector id, package and folder name. */
  kebab: string;
  /** `acmeCrm`: functions and values. */
  camel: string;
  /** `AcmeCrm`: classes and types. */
  pascal: string;
  /** `ACME_CRM`: constants. */
  constant: string;
  /** `Acme Crm`: the display name and prose. */
  display: string;
}

/** Why `name` cannot be a connector id; undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (CONNECTOR_ID.test(name)) return undefined;

  return (
    `"${name}" is not a connector id: use lower-case letters and digits, starting with a ` +
    'letter, words joined by single dashes (e.g. acme-crm)'
  );
}

export function nameForms(name: string): NameForms {
  const words = name.split('-');
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));

  return {
    kebab: name,
    camel: words[0] + capitalised.slice(1).join(''),
    pascal: capitalised.join(''),
    constant: words.join('_').toUpperCase(),
    display: capitalised.join(' '),
  };
}

/** Rewrites every spelling of the template's name in `text` into the new name's. */
export function renamed(text: string, forms: NameForms): string {
  const template = nameForms(TEMPLATE_ID);
  const pairs: Array<[string, string]> = [
    [template.kebab, forms.kebab],
    [template.pascal, forms.pascal],
    [template.camel, forms.camel],
    [template.constant, forms.constant],
    [template.display, forms.display],
  ];

  return pairs.reduce((result, [from, to]) => result.split(from).join(to), text);
}
