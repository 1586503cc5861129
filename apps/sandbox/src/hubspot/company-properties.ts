import type { PropertyDefinition, PropertyOption } from './properties';

/*
 * No capture of `GET /crm/v3/properties/companies` exists in fixtures/. This list is assembled
 * from HubSpot's documented default company properties in the v3 property shape: names, types,
 * field types and read-only flags as HubSpot defines them. `industry` carries a subset of
 * HubSpot's industry options (their real internal values).
 */

const DEFINED_AT = '2019-08-06T02:41:09.000Z';

interface Row {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName?: string;
  options?: Array<[value: string, label: string]>;
  readOnly?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  hidden?: boolean;
  description?: string;
}

function options(pairs: Array<[string, string]>): PropertyOption[] {
  return pairs.map(([value, label], displayOrder) => ({
    label,
    value,
    displayOrder,
    hidden: false,
  }));
}

function property(row: Row, displayOrder: number): PropertyDefinition {
  const readOnly = row.readOnly ?? false;

  return {
    updatedAt: DEFINED_AT,
    createdAt: DEFINED_AT,
    name: row.name,
    label: row.label,
    type: row.type,
    fieldType: row.fieldType,
    description: row.description ?? '',
    groupName: row.groupName ?? 'companyinformation',
    options: options(row.options ?? []),
    displayOrder,
    calculated: row.calculated ?? false,
    externalOptions: row.externalOptions ?? false,
    hasUniqueValue: false,
    hidden: row.hidden ?? false,
    hubspotDefined: true,
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: readOnly,
    },
    formField: !readOnly,
  };
}

const LIFECYCLE_STAGES: Array<[string, string]> = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
];

const INDUSTRIES: Array<[string, string]> = [
  ['ACCOUNTING', 'Accounting'],
  ['AIRLINES_AVIATION', 'Airlines/Aviation'],
  ['APPAREL_FASHION', 'Apparel & Fashion'],
  ['AUTOMOTIVE', 'Automotive'],
  ['BANKING', 'Banking'],
  ['BIOTECHNOLOGY', 'Biotechnology'],
  ['BROADCAST_MEDIA', 'Broadcast Media'],
  ['BUILDING_MATERIALS', 'Building Materials'],
  ['CHEMICALS', 'Chemicals'],
  ['COMPUTER_HARDWARE', 'Computer Hardware'],
  ['COMPUTER_NETWORK_SECURITY', 'Computer & Network Security'],
  ['COMPUTER_SOFTWARE', 'Computer Software'],
  ['CONSTRUCTION', 'Construction'],
  ['CONSUMER_ELECTRONICS', 'Consumer Electronics'],
  ['CONSUMER_GOODS', 'Consumer Goods'],
  ['EDUCATION_MANAGEMENT', 'Education Management'],
  ['ELECTRICAL_ELECTRONIC_MANUFACTURING', 'Electrical/Electronic Manufacturing'],
  ['ENTERTAINMENT', 'Entertainment'],
  ['EVENTS_SERVICES', 'Events Services'],
  ['FINANCIAL_SERVICES', 'Financial Services'],
  ['FOOD_BEVERAGES', 'Food & Beverages'],
  ['GOVERNMENT_ADMINISTRATION', 'Government Administration'],
  ['HOSPITAL_HEALTH_CARE', 'Hospital & Health Care'],
  ['HOSPITALITY', 'Hospitality'],
  ['INFORMATION_TECHNOLOGY_AND_SERVICES', 'Information Technology and Services'],
  ['INSURANCE', 'Insurance'],
  ['INTERNET', 'Internet'],
  ['LEGAL_SERVICES', 'Legal Services'],
  ['LOGISTICS_AND_SUPPLY_CHAIN', 'Logistics and Supply Chain'],
  ['MANAGEMENT_CONSULTING', 'Management Consulting'],
  ['MARKETING_AND_ADVERTISING', 'Marketing and Advertising'],
  ['MEDICAL_DEVICES', 'Medical Devices'],
  ['NONPROFIT_ORGANIZATION_MANAGEMENT', 'Non-Profit Organization Management'],
  ['PHARMACEUTICALS', 'Pharmaceuticals'],
  ['REAL_ESTATE', 'Real Estate'],
  ['RETAIL', 'Retail'],
  ['STAFFING_AND_RECRUITING', 'Staffing and Recruiting'],
  ['TELECOMMUNICATIONS', 'Telecommunications'],
  ['TRANSPORTATION_TRUCKING_RAILROAD', 'Transportation/Trucking/Railroad'],
  ['WHOLESALE', 'Wholesale'],
];

const ROWS: Row[] = [
  { name: 'name', label: 'Company name', type: 'string', fieldType: 'text' },
  {
    name: 'domain',
    label: 'Company Domain Name',
    type: 'string',
    fieldType: 'text',
    description: 'The domain name of the company or organization',
  },
  { name: 'website', label: 'Website URL', type: 'string', fieldType: 'text' },
  { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
  { name: 'address', label: 'Street Address', type: 'string', fieldType: 'text' },
  { name: 'address2', label: 'Street Address 2', type: 'string', fieldType: 'text' },
  { name: 'city', label: 'City', type: 'string', fieldType: 'text' },
  { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text' },
  { name: 'zip', label: 'Postal Code', type: 'string', fieldType: 'text' },
  { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text' },
  {
    name: 'industry',
    label: 'Industry',
    type: 'enumeration',
    fieldType: 'select',
    options: INDUSTRIES,
  },
  {
    name: 'numberofemployees',
    label: 'Number of Employees',
    type: 'number',
    fieldType: 'number',
  },
  { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number' },
  { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
  { name: 'about_us', label: 'About Us', type: 'string', fieldType: 'textarea' },
  { name: 'founded_year', label: 'Year Founded', type: 'string', fieldType: 'text' },
  {
    name: 'linkedin_company_page',
    label: 'LinkedIn Company Page',
    type: 'string',
    fieldType: 'text',
    groupName: 'socialmediainformation',
  },
  {
    name: 'twitterhandle',
    label: 'Twitter Handle',
    type: 'string',
    fieldType: 'text',
    groupName: 'socialmediainformation',
  },
  {
    name: 'type',
    label: 'Type',
    type: 'enumeration',
    fieldType: 'select',
    options: [
      ['PROSPECT', 'Prospect'],
      ['PARTNER', 'Partner'],
      ['RESELLER', 'Reseller'],
      ['VENDOR', 'Vendor'],
      ['OTHER', 'Other'],
    ],
  },
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    options: LIFECYCLE_STAGES,
  },
  {
    name: 'hubspot_owner_id',
    label: 'Company owner',
    type: 'enumeration',
    fieldType: 'select',
    externalOptions: true,
  },
  {
    name: 'hs_pipeline',
    label: 'Pipeline',
    type: 'enumeration',
    fieldType: 'select',
    externalOptions: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    readOnly: true,
    calculated: true,
  },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', readOnly: true },
  {
    name: 'hs_lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    readOnly: true,
  },
  {
    name: 'num_associated_contacts',
    label: 'Number of Associated Contacts',
    type: 'number',
    fieldType: 'number',
    readOnly: true,
    calculated: true,
  },
];

export const COMPANY_PROPERTIES: readonly PropertyDefinition[] = ROWS.map(property);
