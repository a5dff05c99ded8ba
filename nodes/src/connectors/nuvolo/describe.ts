import type { FieldDescription, FieldType, ObjectDescription } from '@isync/core';

export const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
export const LOCATIONS = 'x_nuvo_eam_elocation';
export const USERS = 'sys_user';

export const DEFAULT_TABLES = [WORK_ORDERS, LOCATIONS, USERS];

const LABELS: Record<string, string> = {
  [WORK_ORDERS]: 'Facilities work orders',
  [LOCATIONS]: 'Locations',
  [USERS]: 'Users',
};

type Choices = Array<{ value: string; label: string }>;

/** A `sys_dictionary` row, as the Table API answers it without display values. */
export interface DictionaryEntry {
  name: string;
  element: string;
  column_label: string;
  internal_type: string;
  mandatory: string;
  reference: string;
  choice: string;
}

export interface ChoiceEntry {
  name: string;
  element: string;
  value: string;
  label: string;
}

const entry = (
  name: string,
  element: string,
  label: string,
  type: string,
  extra: Partial<DictionaryEntry> = {},
): DictionaryEntry => ({
  name,
  element,
  column_label: label,
  internal_type: type,
  mandatory: 'false',
  reference: '',
  choice: '0',
  ...extra,
});

/** Used when the instance does not let the user read sys_dictionary: the fields of a standard Nuvolo EAM install. */
export const BUILT_IN_DICTIONARY: DictionaryEntry[] = [
  entry(WORK_ORDERS, 'number', 'Number', 'string'),
  entry(WORK_ORDERS, 'short_description', 'Short description', 'string', { mandatory: 'true' }),
  entry(WORK_ORDERS, 'description', 'Description', 'string'),
  entry(WORK_ORDERS, 'state', 'State', 'integer', { mandatory: 'true', choice: '1' }),
  entry(WORK_ORDERS, 'priority', 'Priority', 'integer', { choice: '1' }),
  entry(WORK_ORDERS, 'work_order_type', 'Work order type', 'string', { choice: '1' }),
  entry(WORK_ORDERS, 'work_location', 'Location', 'reference', { reference: LOCATIONS }),
  entry(WORK_ORDERS, 'planned_start', 'Planned start', 'glide_date_time'),
  entry(WORK_ORDERS, 'due_date', 'Due date', 'glide_date_time'),
  entry(WORK_ORDERS, 'assigned_to', 'Assigned to', 'reference', { reference: USERS }),
  entry(WORK_ORDERS, 'correlation_id', 'Correlation ID', 'string'),
  entry(WORK_ORDERS, 'u_source_system', 'Source system', 'string'),
  entry(LOCATIONS, 'name', 'Name', 'string', { mandatory: 'true' }),
  entry(LOCATIONS, 'location_code', 'Location code', 'string'),
  entry(LOCATIONS, 'building', 'Building', 'string'),
  entry(LOCATIONS, 'floor', 'Floor', 'string'),
  entry(USERS, 'user_name', 'User ID', 'string', { mandatory: 'true' }),
  entry(USERS, 'name', 'Name', 'string'),
  entry(USERS, 'email', 'Email', 'string'),
  entry(USERS, 'active', 'Active', 'boolean'),
].flatMap((row, index, rows) =>
  // Every table carries ServiceNow's system fields too.
  rows.findIndex((other) => other.name === row.name) === index
    ? [
        entry(row.name, 'sys_id', 'Sys ID', 'GUID'),
        entry(row.name, 'sys_updated_on', 'Updated', 'glide_date_time'),
        entry(row.name, 'sys_created_on', 'Created', 'glide_date_time'),
        row,
      ]
    : [row],
);

export const BUILT_IN_STATE_CHOICES: Choices = [
  { value: '1', label: 'Draft' },
  { value: '2', label: 'Open' },
  { value: '3', label: 'Work in Progress' },
  { value: '4', label: 'On Hold' },
  { value: '5', label: 'Closed Complete' },
  { value: '6', label: 'Closed Incomplete' },
  { value: '7', label: 'Canceled' },
];

const TYPES: Record<string, FieldType> = {
  integer: 'number',
  decimal: 'number',
  float: 'number',
  currency: 'number',
  boolean: 'boolean',
  glide_date_time: 'datetime',
  glide_date: 'date',
  due_date: 'datetime',
  reference: 'reference',
};

/** How the Table API reads and writes dates: UTC, without the ISO `T` and zone. */
const WIRE_FORMATS: Record<string, string> = {
  glide_date_time: 'YYYY-MM-DD HH:mm:ss',
  due_date: 'YYYY-MM-DD HH:mm:ss',
  glide_date: 'YYYY-MM-DD',
};

/** Tables as the editor's pickers see them: typed fields, choice lists, and the work orders' states. */
export function describeTables(
  tables: string[],
  dictionary: DictionaryEntry[],
  choices: ChoiceEntry[],
  stateChoices: Choices | undefined,
): ObjectDescription[] {
  const choicesOf = (table: string, element: string): Choices =>
    (element === 'state' ? stateChoices : undefined) ??
    choices
      .filter((c) => c.name === table && c.element === element)
      .map(({ value, label }) => ({ value, label }));
  return tables.map((table) => {
    const fields = dictionary
      .filter((row) => row.name === table && row.element !== '')
      .map((row): FieldDescription => {
        const listed = row.choice !== '0' && row.choice !== '' ? choicesOf(table, row.element) : [];
        return {
          name: row.element,
          label: row.column_label || row.element,
          type: listed.length > 0 ? 'choice' : (TYPES[row.internal_type] ?? 'string'),
          required: row.mandatory === 'true',
          ...(row.reference ? { reference: row.reference } : {}),
          ...(WIRE_FORMATS[row.internal_type] ? { format: WIRE_FORMATS[row.internal_type] } : {}),
          ...(listed.length > 0 ? { choices: listed } : {}),
        };
      });
    const hasState = fields.some((field) => field.name === 'state');
    return {
      name: table,
      label: LABELS[table] ?? table,
      fields,
      statuses: hasState ? choicesOf(table, 'state') : [],
      statusField: hasState ? 'state' : null,
    };
  });
}
