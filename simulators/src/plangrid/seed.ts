import { PEOPLE, ROOMS } from '../shared/catalogue.js';
import type { Rng } from '../shared/prng.js';
import { DAY_MS, formatDate, formatIsoMicros } from '../shared/time.js';
import type { Issue, IssueStatus, IssueType, PlanGridUser, Project, Rfi, RfiStatus } from './types.js';

export const DEFAULT_RFI_STATUSES: ReadonlyArray<Omit<RfiStatus, 'uid'>> = [
  { label: 'Draft', color: '#9e9e9e' },
  { label: 'Open', color: '#1e88e5' },
  { label: 'Answered', color: '#43a047' },
  { label: 'Closed', color: '#424242' },
];

const defects = [
  'Ceiling tile stained',
  'Door closer missing',
  'Power outlet not working',
  'Paint touch-up needed',
  'HVAC diffuser noisy',
  'Leaking tap',
  'Fire extinguisher signage missing',
  'Carpet seam lifting',
  'Light fixture flickering',
  'Window seal damaged',
  'Data port not labelled',
  'Skirting board loose',
];
const questions = [
  'Confirm finish for the feature wall',
  'Clarify ceiling height above the corridor',
  'Which fire rating applies to this door?',
  'Confirm socket layout for the workstations',
  'Approve substitution of the specified luminaire',
];

const pickWeighted = <T extends string>(rng: Rng, weights: Array<[T, number]>): T => {
  let roll = rng.next() * weights.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weights) if ((roll -= weight) < 0) return value;
  return weights[0]![0];
};

export interface PlanGridSeed {
  me: PlanGridUser;
  users: PlanGridUser[];
  projects: Project[];
  issues: Map<string, Issue[]>;
  rfis: Map<string, Rfi[]>;
  rfiStatuses: Map<string, RfiStatus[]>;
}

/** Seconds-resolution instants become distinct microsecond ones, so seeded records never tie. */
const micros = (rng: Rng, ms: number) => ms * 1000 + rng.int(0, 999);

export function seedPlanGrid(rng: Rng, records: number, rfiCount: number, baseTime: number): PlanGridSeed {
  const users: PlanGridUser[] = PEOPLE.map((person) => ({
    uid: rng.uuid(),
    email: person.email,
    first_name: person.firstName,
    last_name: person.lastName,
    language: 'en',
    role: person.title,
  }));
  const me: PlanGridUser = {
    uid: rng.uuid(),
    email: 'isync.integration@example.com',
    first_name: 'iSync',
    last_name: 'Integration',
    language: 'en',
    role: 'Admin',
  };
  const projects: Project[] = [
    {
      name: 'HQ Tower Renovation',
      custom_id: 'HQ-2025',
      city: 'Chicago',
      region: 'IL',
      building: 'HQ Tower',
    },
    {
      name: 'Riverside Lab Fit-out',
      custom_id: 'RL-2025',
      city: 'Austin',
      region: 'TX',
      building: 'Riverside Lab',
    },
  ].map((p, index) => ({
    uid: rng.uuid(),
    name: p.name,
    custom_id: p.custom_id,
    organization_id: 'org-isync-demo',
    type: 'general',
    status: 'In Progress',
    owner: me.email,
    start_date: formatDate(baseTime - 200 * DAY_MS),
    end_date: formatDate(baseTime + 300 * DAY_MS),
    street_1: `${100 + index * 250} Main Street`,
    city: p.city,
    region: p.region,
    postal_code: index === 0 ? '60601' : '73301',
    country: 'US',
    latitude: index === 0 ? 41.8853 : 30.2672,
    longitude: index === 0 ? -87.6216 : -97.7431,
    updated_at: formatIsoMicros((baseTime - 200 * DAY_MS) * 1000),
  }));
  const userRef = (user: PlanGridUser) => ({ uid: user.uid, email: user.email });
  const issues = new Map<string, Issue[]>();
  const rfis = new Map<string, Rfi[]>();
  const rfiStatuses = new Map<string, RfiStatus[]>();

  projects.forEach((project, projectIndex) => {
    const building = projectIndex === 0 ? 'HQ Tower' : 'Riverside Lab';
    const rooms = ROOMS.filter((room) => room.building === building);
    const statuses = DEFAULT_RFI_STATUSES.map((status) => ({ uid: rng.uuid(), ...status }));
    rfiStatuses.set(project.uid, statuses);
    const issueCount =
      Math.floor(records / projects.length) + (projectIndex < records % projects.length ? 1 : 0);
    const projectIssues: Issue[] = [];
    for (let number = 1; number <= issueCount; number++) {
      const createdMs = baseTime - rng.int(1, 120 * 86_400) * 1000;
      const updatedMs = createdMs + rng.int(0, Math.floor((baseTime - createdMs) / 1000)) * 1000;
      const status = pickWeighted<IssueStatus>(rng, [
        ['open', 50],
        ['in_review', 15],
        ['pending', 15],
        ['closed', 20],
      ]);
      const room = rng.pick(rooms);
      const assigneeCount = pickWeighted(rng, [
        ['1', 80],
        ['2', 10],
        ['0', 10],
      ]);
      const assignees = Array.from({ length: Number(assigneeCount) }, () => ({
        uid: rng.pick(users).uid,
        type: 'user' as const,
      })).filter((a, i, all) => all.findIndex((b) => b.uid === a.uid) === i);
      const hasCost = rng.chance(0.15);
      const hasSchedule = rng.chance(0.1);
      const uid = rng.uuid();
      const base = `/projects/${project.uid}/issues/${uid}`;
      projectIssues.push({
        uid,
        number,
        title: `${rng.pick(defects)} in ${room.name}`,
        status,
        type: pickWeighted<IssueType>(rng, [
          ['issue', 70],
          ['planned_work', 20],
          ['other', 10],
        ]),
        description: `Found during walk-through of ${room.name} (${room.code}).`,
        room: room.name,
        assignees,
        due_at: rng.chance(0.85) ? formatIsoMicros((createdMs + rng.int(3, 45) * DAY_MS) * 1000) : null,
        start_date: rng.chance(0.5) ? formatDate(createdMs + rng.int(0, 5) * DAY_MS) : null,
        closed_at: status === 'closed' ? formatIsoMicros(updatedMs * 1000) : null,
        created_at: formatIsoMicros(micros(rng, createdMs)),
        created_by: userRef(rng.pick(users)),
        updated_at: formatIsoMicros(micros(rng, updatedMs)),
        updated_by: userRef(rng.pick(users)),
        deleted: false,
        photos: { total_count: rng.int(0, 4), url: `${base}/photos` },
        comments: { total_count: rng.int(0, 6), url: `${base}/comments` },
        cost_impact: hasCost ? rng.int(1, 200) * 50 : null,
        has_cost_impact: hasCost,
        currency_code: hasCost ? 'USD' : null,
        schedule_impact: hasSchedule ? rng.int(1, 10) * 86_400 : null,
        has_schedule_impact: hasSchedule,
      });
    }
    issues.set(project.uid, projectIssues);

    const rfiTotal =
      Math.floor(rfiCount / projects.length) + (projectIndex < rfiCount % projects.length ? 1 : 0);
    const projectRfis: Rfi[] = [];
    for (let number = 1; number <= rfiTotal; number++) {
      const createdMs = baseTime - rng.int(1, 90 * 86_400) * 1000;
      const status = rng.pick(statuses);
      const answered = status.label === 'Answered' || status.label === 'Closed';
      projectRfis.push({
        uid: rng.uuid(),
        number,
        locked: status.label === 'Closed',
        title: `${rng.pick(questions)} (${rng.pick(rooms).name})`,
        question: 'Please confirm before we proceed with installation.',
        answer: answered ? 'Confirmed as per drawing revision C.' : null,
        status,
        assigned_to: [{ uid: rng.pick(users).uid, type: 'user' }],
        sent_date: status.label === 'Draft' ? null : formatDate(createdMs),
        due_date: formatDate(createdMs + rng.int(5, 20) * DAY_MS),
        created_at: formatIsoMicros(micros(rng, createdMs)),
        created_by: userRef(rng.pick(users)),
        updated_at: formatIsoMicros(micros(rng, createdMs + rng.int(0, 5 * 86_400) * 1000)),
        deleted: false,
      });
    }
    rfis.set(project.uid, projectRfis);
  });

  return { me, users, projects, issues, rfis, rfiStatuses };
}
