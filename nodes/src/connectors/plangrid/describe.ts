import type { FieldDescription, FieldType, ObjectDescription } from '@isync/core';

const field = (name: string, label: string, type: FieldType, required = false): FieldDescription => ({
  name,
  label,
  type,
  required,
});

export const ISSUE_STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'in_review', label: 'In review' },
  { value: 'pending', label: 'Pending' },
  { value: 'closed', label: 'Closed' },
];

const ISSUE_FIELDS: FieldDescription[] = [
  field('uid', 'UID', 'string', true),
  field('number', 'Number', 'number', true),
  field('title', 'Title', 'string', true),
  { ...field('status', 'Status', 'choice', true), choices: ISSUE_STATUSES },
  {
    ...field('type', 'Type', 'choice'),
    choices: [
      { value: 'issue', label: 'Issue' },
      { value: 'planned_work', label: 'Planned work' },
      { value: 'other', label: 'Other' },
    ],
  },
  field('description', 'Description', 'string'),
  field('room', 'Room', 'string'),
  field('assignees', 'Assignees', 'array'),
  field('due_at', 'Due at', 'datetime'),
  field('start_date', 'Start date', 'date'),
  field('closed_at', 'Closed at', 'datetime'),
  field('created_at', 'Created at', 'datetime', true),
  field('created_by', 'Created by', 'object'),
  field('updated_at', 'Updated at', 'datetime', true),
  field('updated_by', 'Updated by', 'object'),
  field('deleted', 'Deleted', 'boolean', true),
  field('photos', 'Photos', 'object'),
  field('comments', 'Comments', 'object'),
  field('cost_impact', 'Cost impact', 'number'),
  field('has_cost_impact', 'Has cost impact', 'boolean'),
  field('currency_code', 'Currency', 'string'),
  field('schedule_impact', 'Schedule impact (days)', 'number'),
  field('has_schedule_impact', 'Has schedule impact', 'boolean'),
];

const RFI_FIELDS: FieldDescription[] = [
  field('uid', 'UID', 'string', true),
  field('number', 'Number', 'number', true),
  field('locked', 'Locked', 'boolean'),
  field('title', 'Title', 'string', true),
  field('question', 'Question', 'string'),
  field('answer', 'Answer', 'string'),
  field('status', 'Status', 'object', true),
  field('assigned_to', 'Assigned to', 'array'),
  field('sent_date', 'Sent', 'datetime'),
  field('due_date', 'Due', 'datetime'),
  field('created_at', 'Created at', 'datetime', true),
  field('created_by', 'Created by', 'object'),
  field('updated_at', 'Updated at', 'datetime', true),
  field('deleted', 'Deleted', 'boolean', true),
];

const USER_FIELDS: FieldDescription[] = [
  field('uid', 'UID', 'string', true),
  field('email', 'E-mail', 'string'),
  field('first_name', 'First name', 'string'),
  field('last_name', 'Last name', 'string'),
  field('role', 'Role', 'string'),
];

/**
 * RFI statuses are configured per project; the status map matches them by label. The project team
 * (`users`) is not synced: lookups read it to turn an assignee uid into an e-mail.
 */
export function planGridObjects(rfiStatuses: Array<{ label: string }>): ObjectDescription[] {
  return [
    {
      name: 'issues',
      label: 'Tasks (issues)',
      fields: ISSUE_FIELDS,
      statuses: ISSUE_STATUSES,
      statusField: 'status',
    },
    {
      name: 'rfis',
      label: 'RFIs',
      fields: RFI_FIELDS,
      statuses: rfiStatuses.map((status) => ({ value: status.label, label: status.label })),
      statusField: 'status',
    },
    {
      name: 'users',
      label: 'Project team',
      fields: USER_FIELDS,
      statuses: [],
      statusField: null,
      syncable: false,
    },
  ];
}
