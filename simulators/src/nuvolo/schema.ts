export type FieldType = 'string' | 'integer' | 'boolean' | 'glide_date_time' | 'reference' | 'GUID';

export interface FieldDef {
  element: string;
  label: string;
  type: FieldType;
  mandatory?: boolean;
  /** The referenced table, for `reference` fields. */
  reference?: string;
  /** Values come from sys_choice. */
  choice?: boolean;
  maxLength?: number;
  defaultValue?: string;
}

export interface TableDef {
  name: string;
  label: string;
  /** Prefix of the generated `number` field (e.g. FWO → FWO0001001). */
  numberPrefix?: string;
  /** The field that stands for a row when it is referenced (display value). */
  displayField: string;
  fields: FieldDef[];
  /** Readable through the API, not writable (metadata tables). */
  readOnly?: boolean;
}

export const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
export const LOCATIONS = 'x_nuvo_eam_elocation';
export const USERS = 'sys_user';

export const SYSTEM_FIELDS: FieldDef[] = [
  { element: 'sys_id', label: 'Sys ID', type: 'GUID', maxLength: 32 },
  { element: 'sys_created_on', label: 'Created', type: 'glide_date_time' },
  { element: 'sys_created_by', label: 'Created by', type: 'string', maxLength: 40 },
  { element: 'sys_updated_on', label: 'Updated', type: 'glide_date_time' },
  { element: 'sys_updated_by', label: 'Updated by', type: 'string', maxLength: 40 },
  { element: 'sys_mod_count', label: 'Updates', type: 'integer' },
];

export const TABLES: TableDef[] = [
  {
    name: WORK_ORDERS,
    label: 'Facilities Work Order',
    numberPrefix: 'FWO',
    displayField: 'number',
    fields: [
      { element: 'number', label: 'Number', type: 'string', maxLength: 40 },
      {
        element: 'short_description',
        label: 'Short description',
        type: 'string',
        mandatory: true,
        maxLength: 160,
      },
      { element: 'description', label: 'Description', type: 'string', maxLength: 4000 },
      { element: 'state', label: 'State', type: 'integer', choice: true, mandatory: true, defaultValue: '1' },
      { element: 'priority', label: 'Priority', type: 'integer', choice: true, defaultValue: '3' },
      { element: 'work_order_type', label: 'Work order type', type: 'string', choice: true, maxLength: 40 },
      { element: 'work_location', label: 'Location', type: 'reference', reference: LOCATIONS },
      { element: 'planned_start', label: 'Planned start', type: 'glide_date_time' },
      { element: 'due_date', label: 'Due date', type: 'glide_date_time' },
      { element: 'assigned_to', label: 'Assigned to', type: 'reference', reference: USERS },
      // ServiceNow's task field: what the technician wrote on completing the work.
      { element: 'close_notes', label: 'Close notes', type: 'string', maxLength: 4000 },
      { element: 'correlation_id', label: 'Correlation ID', type: 'string', maxLength: 100 },
      { element: 'u_source_system', label: 'Source system', type: 'string', maxLength: 40 },
    ],
  },
  {
    name: LOCATIONS,
    label: 'Location',
    displayField: 'name',
    fields: [
      { element: 'name', label: 'Name', type: 'string', mandatory: true, maxLength: 100 },
      { element: 'location_code', label: 'Location code', type: 'string', maxLength: 40 },
      { element: 'building', label: 'Building', type: 'string', maxLength: 100 },
      { element: 'floor', label: 'Floor', type: 'string', maxLength: 40 },
    ],
  },
  {
    name: USERS,
    label: 'User',
    displayField: 'name',
    fields: [
      { element: 'user_name', label: 'User ID', type: 'string', mandatory: true, maxLength: 40 },
      { element: 'first_name', label: 'First name', type: 'string', maxLength: 50 },
      { element: 'last_name', label: 'Last name', type: 'string', maxLength: 50 },
      { element: 'name', label: 'Name', type: 'string', maxLength: 151 },
      { element: 'email', label: 'Email', type: 'string', maxLength: 100 },
      { element: 'title', label: 'Title', type: 'string', maxLength: 60 },
      { element: 'department', label: 'Department', type: 'string', maxLength: 60 },
      { element: 'active', label: 'Active', type: 'boolean', defaultValue: 'true' },
    ],
  },
  {
    name: 'sys_choice',
    label: 'Choice',
    displayField: 'label',
    readOnly: true,
    fields: [
      { element: 'name', label: 'Table', type: 'string' },
      { element: 'element', label: 'Element', type: 'string' },
      { element: 'value', label: 'Value', type: 'string' },
      { element: 'label', label: 'Label', type: 'string' },
      { element: 'sequence', label: 'Sequence', type: 'integer' },
      { element: 'inactive', label: 'Inactive', type: 'boolean' },
      { element: 'language', label: 'Language', type: 'string' },
    ],
  },
  {
    name: 'sys_dictionary',
    label: 'Dictionary Entry',
    displayField: 'column_label',
    readOnly: true,
    fields: [
      { element: 'name', label: 'Table', type: 'string' },
      { element: 'element', label: 'Column name', type: 'string' },
      { element: 'column_label', label: 'Column label', type: 'string' },
      { element: 'internal_type', label: 'Type', type: 'string' },
      { element: 'mandatory', label: 'Mandatory', type: 'boolean' },
      { element: 'reference', label: 'Reference', type: 'string' },
      { element: 'choice', label: 'Choice', type: 'integer' },
      { element: 'max_length', label: 'Max length', type: 'integer' },
      { element: 'read_only', label: 'Read only', type: 'boolean' },
      { element: 'active', label: 'Active', type: 'boolean' },
    ],
  },
];

export interface Choice {
  value: string;
  label: string;
}

export const DEFAULT_CHOICES: Record<string, Record<string, Choice[]>> = {
  [WORK_ORDERS]: {
    state: [
      { value: '1', label: 'Draft' },
      { value: '2', label: 'Open' },
      { value: '3', label: 'Work in Progress' },
      { value: '4', label: 'On Hold' },
      { value: '5', label: 'Closed Complete' },
      { value: '6', label: 'Closed Incomplete' },
      { value: '7', label: 'Canceled' },
    ],
    priority: [
      { value: '1', label: '1 - Critical' },
      { value: '2', label: '2 - High' },
      { value: '3', label: '3 - Moderate' },
      { value: '4', label: '4 - Low' },
      { value: '5', label: '5 - Planning' },
    ],
    work_order_type: [
      { value: 'corrective', label: 'Corrective' },
      { value: 'preventive', label: 'Preventive' },
      { value: 'inspection', label: 'Inspection' },
      { value: 'project', label: 'Project' },
      { value: 'RFI', label: 'RFI' },
    ],
  },
};
