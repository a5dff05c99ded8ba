export const ISSUE_STATUSES = ['open', 'in_review', 'pending', 'closed'] as const;
export const ISSUE_TYPES = ['issue', 'planned_work', 'other'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type IssueType = (typeof ISSUE_TYPES)[number];

export interface UserRef {
  uid: string;
  email: string;
}

export interface PlanGridUser extends UserRef {
  first_name: string;
  last_name: string;
  language: string;
  role: string;
}

export interface Project {
  uid: string;
  name: string;
  custom_id: string;
  organization_id: string;
  type: string;
  status: string;
  owner: string;
  start_date: string;
  end_date: string;
  street_1: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  latitude: number;
  longitude: number;
  updated_at: string;
}

export interface Issue {
  uid: string;
  number: number;
  title: string;
  status: IssueStatus;
  type: IssueType;
  description: string;
  room: string | null;
  assignees: Array<{ uid: string; type: 'user' }>;
  due_at: string | null;
  start_date: string | null;
  closed_at: string | null;
  created_at: string;
  created_by: UserRef;
  updated_at: string;
  updated_by: UserRef;
  deleted: boolean;
  /** `url` is kept relative to the server and made absolute when answered. */
  photos: { total_count: number; url: string };
  comments: { total_count: number; url: string };
  cost_impact: number | null;
  has_cost_impact: boolean;
  currency_code: string | null;
  schedule_impact: number | null;
  has_schedule_impact: boolean;
}

export interface RfiStatus {
  uid: string;
  label: string;
  color: string;
}

export interface Rfi {
  uid: string;
  number: number;
  locked: boolean;
  title: string;
  question: string;
  answer: string | null;
  status: RfiStatus;
  assigned_to: Array<{ uid: string; type: 'user' }>;
  sent_date: string | null;
  due_date: string | null;
  created_at: string;
  created_by: UserRef;
  updated_at: string;
  deleted: boolean;
}
