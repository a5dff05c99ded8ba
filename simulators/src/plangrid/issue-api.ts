import { z } from 'zod';
import { formatIsoMicros, parseIsoMicros } from '../shared/time.js';
import type { IssuePatch } from './store.js';
import { ISSUE_STATUSES, ISSUE_TYPES } from './types.js';
import type { Issue } from './types.js';

const isoDateTime = z
  .string()
  .refine((text) => parseIsoMicros(text) !== undefined, 'must be an ISO-8601 date-time');

/** The writable fields of an issue (task); anything else is refused, as PlanGrid's API framework does. */
const issuePatchSchema = z
  .object({
    title: z.string().min(1).max(255),
    status: z.enum(ISSUE_STATUSES),
    type: z.enum(ISSUE_TYPES),
    description: z.string(),
    room: z.string().nullable(),
    assignees: z.array(z.object({ uid: z.string(), type: z.literal('user').default('user') })),
    due_at: isoDateTime.nullable(),
    start_date: z.iso.date().nullable(),
    cost_impact: z.number().nullable(),
    has_cost_impact: z.boolean(),
    currency_code: z.string().length(3).nullable(),
    schedule_impact: z.number().int().nullable(),
    has_schedule_impact: z.boolean(),
  })
  .partial()
  .strict();

export const WRITABLE_ISSUE_FIELDS = Object.keys(issuePatchSchema.shape);

/**
 * Reads an issue change as PlanGrid's issue update takes it: the writable fields only, valid values,
 * assignees from the project team; `due_at` comes back in PlanGrid's microsecond form.
 */
export function readIssuePatch(
  json: unknown,
  isTeamMember: (uid: string) => boolean,
): { ok: true; patch: IssuePatch } | { ok: false; message: string } {
  const parsed = issuePatchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      return {
        ok: false,
        message: `Unexpected field: ${issue.keys.join(',')}. An issue update takes ${WRITABLE_ISSUE_FIELDS.join(', ')}`,
      };
    }
    return { ok: false, message: `Invalid value for "${issue?.path.join('.')}": ${issue?.message}` };
  }
  const patch = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as IssuePatch;
  const stranger = patch.assignees?.find((assignee) => !isTeamMember(assignee.uid));
  if (stranger) return { ok: false, message: `Assignee ${stranger.uid} is not a member of this project` };
  if (patch.due_at) patch.due_at = formatIsoMicros(parseIsoMicros(patch.due_at) ?? 0);
  return { ok: true, patch };
}

/** Issues keep their photo and comment links relative; answers make them absolute for the caller's host. */
export function renderIssue(origin: string, issue: Issue) {
  return {
    ...issue,
    photos: { total_count: issue.photos.total_count, url: origin + issue.photos.url },
    comments: { total_count: issue.comments.total_count, url: origin + issue.comments.url },
  };
}
