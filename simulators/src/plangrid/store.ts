import type { ChurnTarget } from '../control/churn.js';
import type { RecordEdit, RecordEditResult, SeedOptions, SimBackend } from '../control/sim-control.js';
import { ROOMS } from '../shared/catalogue.js';
import type { SimClock } from '../shared/clock.js';
import { createRng } from '../shared/prng.js';
import type { Rng } from '../shared/prng.js';
import { formatIsoMicros, parseIsoMicros } from '../shared/time.js';
import { readIssuePatch, renderIssue } from './issue-api.js';
import { seedPlanGrid } from './seed.js';
import { Timeline } from './timeline.js';
import { ISSUE_STATUSES } from './types.js';
import type { Issue, IssueStatus, PlanGridUser, Project, Rfi, RfiStatus, UserRef } from './types.js';

export type IssuePatch = Partial<
  Pick<
    Issue,
    | 'title'
    | 'status'
    | 'type'
    | 'description'
    | 'room'
    | 'assignees'
    | 'due_at'
    | 'start_date'
    | 'cost_impact'
    | 'has_cost_impact'
    | 'currency_code'
    | 'schedule_impact'
    | 'has_schedule_impact'
  >
>;

interface ProjectData {
  project: Project;
  issues: Timeline<Issue>;
  rfis: Timeline<Rfi>;
  rfiStatuses: RfiStatus[];
  nextIssueNumber: number;
}

interface Snapshot {
  me: PlanGridUser;
  users: PlanGridUser[];
  projects: Array<{ project: Project; issues: Issue[]; rfis: Rfi[]; rfiStatuses: RfiStatus[] }>;
}

export interface PlanGridStoreOptions {
  clock: SimClock;
  /** RFIs to seed; defaults to a fifth of the issue count. */
  rfis?: number | undefined;
  /** The instant seeded data is generated around (ms since the epoch). */
  baseTime: number;
}

/** PlanGrid's data in memory: projects, their team, issues (tasks), RFIs and RFI statuses. */
export class PlanGridStore implements SimBackend {
  readonly simulator = 'plangrid';
  me!: PlanGridUser;
  users: PlanGridUser[] = [];
  private projects = new Map<string, ProjectData>();
  private lastMicros = 0;
  private rng: Rng = createRng(0);

  constructor(private readonly options: PlanGridStoreOptions) {}

  seed({ seed, records }: SeedOptions): void {
    this.rng = createRng(seed);
    const data = seedPlanGrid(
      this.rng,
      records,
      this.options.rfis ?? Math.ceil(records / 5),
      this.options.baseTime,
    );
    this.load({
      me: data.me,
      users: data.users,
      projects: data.projects.map((project) => ({
        project,
        issues: data.issues.get(project.uid) ?? [],
        rfis: data.rfis.get(project.uid) ?? [],
        rfiStatuses: data.rfiStatuses.get(project.uid) ?? [],
      })),
    });
  }

  snapshot(): Snapshot {
    return {
      me: this.me,
      users: this.users,
      projects: [...this.projects.values()].map((p) => ({
        project: p.project,
        issues: p.issues.values(),
        rfis: p.rfis.values(),
        rfiStatuses: p.rfiStatuses,
      })),
    };
  }

  restore(state: unknown): void {
    const snapshot = state as Partial<Snapshot> | null;
    if (!snapshot?.me || !Array.isArray(snapshot.projects) || !Array.isArray(snapshot.users)) {
      throw new Error('not a PlanGrid simulator snapshot');
    }
    this.load(snapshot as Snapshot);
  }

  private load(snapshot: Snapshot): void {
    this.me = snapshot.me;
    this.users = snapshot.users;
    this.projects.clear();
    this.lastMicros = 0;
    for (const { project, issues, rfis, rfiStatuses } of snapshot.projects) {
      const data: ProjectData = {
        project,
        issues: new Timeline(),
        rfis: new Timeline(),
        rfiStatuses,
        nextIssueNumber: 1,
      };
      for (const issue of issues) {
        data.issues.put(issue.uid, this.micros(issue.updated_at), issue);
        data.nextIssueNumber = Math.max(data.nextIssueNumber, issue.number + 1);
      }
      for (const rfi of rfis) data.rfis.put(rfi.uid, this.micros(rfi.updated_at), rfi);
      this.projects.set(project.uid, data);
    }
  }

  private micros(iso: string): number {
    const micros = parseIsoMicros(iso) ?? 0;
    this.lastMicros = Math.max(this.lastMicros, micros);
    return micros;
  }

  /** A fresh instant, strictly after every change so far: no two changes share an `updated_at`. */
  private stamp(): number {
    this.lastMicros = Math.max(this.options.clock.now() * 1000, this.lastMicros + 1);
    return this.lastMicros;
  }

  listProjects(): Project[] {
    return [...this.projects.values()].map((p) => p.project);
  }

  project(uid: string): ProjectData | undefined {
    return this.projects.get(uid);
  }

  userRef(user: PlanGridUser): UserRef {
    return { uid: user.uid, email: user.email };
  }

  isTeamMember(uid: string): boolean {
    return this.users.some((user) => user.uid === uid);
  }

  updateIssue(projectUid: string, issueUid: string, patch: IssuePatch, by: UserRef): Issue | undefined {
    const project = this.projects.get(projectUid);
    const issue = project?.issues.get(issueUid);
    if (!project || !issue || issue.deleted) return undefined;
    const micros = this.stamp();
    const updated: Issue = { ...issue, ...patch, updated_at: formatIsoMicros(micros), updated_by: by };
    if (patch.status && patch.status !== issue.status) {
      updated.closed_at = patch.status === 'closed' ? updated.updated_at : null;
    }
    project.issues.put(issueUid, micros, updated);
    return updated;
  }

  createIssue(projectUid: string, fields: Pick<Issue, 'title' | 'room' | 'status'>, by: UserRef): Issue {
    const project = this.projects.get(projectUid);
    if (!project) throw new Error(`no project ${projectUid}`);
    const micros = this.stamp();
    const now = formatIsoMicros(micros);
    const uid = this.rng.uuid();
    const base = `/projects/${projectUid}/issues/${uid}`;
    const issue: Issue = {
      uid,
      number: project.nextIssueNumber++,
      title: fields.title,
      status: fields.status,
      type: 'issue',
      description: '',
      room: fields.room,
      assignees: [],
      due_at: null,
      start_date: null,
      closed_at: fields.status === 'closed' ? now : null,
      created_at: now,
      created_by: by,
      updated_at: now,
      updated_by: by,
      deleted: false,
      photos: { total_count: 0, url: `${base}/photos` },
      comments: { total_count: 0, url: `${base}/comments` },
      cost_impact: null,
      has_cost_impact: false,
      currency_code: null,
      schedule_impact: null,
      has_schedule_impact: false,
    };
    project.issues.put(uid, micros, issue);
    return issue;
  }

  /**
   * A team member's edit of an issue in PlanGrid itself, validated as the issue update is; by default
   * the issue's first assignee (else the first team member) edits it, never the API user unless named.
   */
  editRecord({ object, id, fields, by }: RecordEdit, origin: string): RecordEditResult {
    if (object !== 'issues')
      return { ok: false, status: 400, message: `only issues (tasks) are edited here, not ${object}` };
    const project = [...this.projects.values()].find((p) => p.issues.get(id)?.deleted === false);
    const issue = project?.issues.get(id);
    if (!project || !issue) return { ok: false, status: 404, message: `no live issue has uid ${id}` };
    const read = readIssuePatch(fields, (uid) => this.isTeamMember(uid));
    if (!read.ok) return { ok: false, status: 400, message: read.message };
    const people = [...this.users, this.me];
    const editor =
      by === undefined
        ? (this.users.find((user) => issue.assignees.some((a) => a.uid === user.uid)) ?? this.users[0])
        : people.find((user) => user.uid === by || user.email === by);
    if (!editor)
      return { ok: false, status: 400, message: `${by} is not on the project team; name a uid or e-mail` };
    const updated = this.updateIssue(project.project.uid, id, read.patch, this.userRef(editor));
    return updated
      ? { ok: true, record: renderIssue(origin, updated) }
      : { ok: false, status: 404, message: `no live issue has uid ${id}` };
  }

  deleteIssue(projectUid: string, issueUid: string, by: UserRef): Issue | undefined {
    const project = this.projects.get(projectUid);
    const issue = project?.issues.get(issueUid);
    if (!project || !issue || issue.deleted) return undefined;
    const micros = this.stamp();
    const deleted = { ...issue, deleted: true, updated_at: formatIsoMicros(micros), updated_by: by };
    project.issues.put(issueUid, micros, deleted);
    return deleted;
  }

  setRfiStatuses(
    projectUid: string,
    statuses: Array<Omit<RfiStatus, 'uid'> & { uid?: string | undefined }>,
  ): RfiStatus[] {
    const project = this.projects.get(projectUid);
    if (!project) throw new Error(`no project ${projectUid}`);
    project.rfiStatuses = statuses.map((status) => ({ ...status, uid: status.uid ?? this.rng.uuid() }));
    return project.rfiStatuses;
  }

  churnTarget(): ChurnTarget {
    const liveIssue = (rng: Rng) => {
      const project = rng.pick([...this.projects.values()]);
      const live = project.issues.values().filter((issue) => !issue.deleted);
      return live.length > 0 ? { project, issue: rng.pick(live) } : undefined;
    };
    const someone = (rng: Rng) => this.userRef(rng.pick(this.users));
    return {
      create: (rng) => {
        const project = rng.pick([...this.projects.values()]);
        const room = rng.pick(ROOMS.filter((r) => project.project.name.startsWith(r.building)));
        return this.createIssue(
          project.project.uid,
          { title: `New snag in ${room.name}`, room: room.name, status: 'open' },
          someone(rng),
        ).uid;
      },
      update: (rng) => {
        const target = liveIssue(rng);
        if (!target) return undefined;
        const description = `${target.issue.description.split(' — ')[0]} — revised ${rng.hex(4)}`;
        return this.updateIssue(target.project.project.uid, target.issue.uid, { description }, someone(rng))
          ?.uid;
      },
      changeStatus: (rng) => {
        const target = liveIssue(rng);
        if (!target) return undefined;
        const status = rng.pick(ISSUE_STATUSES.filter((s) => s !== target.issue.status)) as IssueStatus;
        return this.updateIssue(target.project.project.uid, target.issue.uid, { status }, someone(rng))?.uid;
      },
      remove: (rng) => {
        const target = liveIssue(rng);
        return target && this.deleteIssue(target.project.project.uid, target.issue.uid, someone(rng))?.uid;
      },
      complete: (rng) => {
        const open = [...this.projects.values()].flatMap((project) =>
          project.issues
            .values()
            .filter((issue) => !issue.deleted && issue.status !== 'closed')
            .map((issue) => ({ project, issue })),
        );
        if (open.length === 0) return undefined;
        const { project, issue } = rng.pick(open);
        return this.updateIssue(project.project.uid, issue.uid, { status: 'closed' }, someone(rng))?.uid;
      },
    };
  }
}
