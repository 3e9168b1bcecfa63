import type { KubeObject } from '../../types.js';
import { column } from '../columns.js';
import { age, between } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, condition, count, formatLabelSelector, list, text } from '../object-fields.js';
import { namedPrinter, templateContainers, wideSelector } from '../printed-columns.js';
import type { RowPrinter } from '../table-types.js';

const isTrue = (job: KubeObject, type: string) => condition(job, type)?.status === 'True';

/** The Job status column, in the order the printer checks conditions. */
function jobStatus(job: KubeObject): string {
  if (isTrue(job, 'Complete')) return 'Complete';
  if (isTrue(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (isTrue(job, 'Suspended')) return 'Suspended';
  if (isTrue(job, 'FailureTarget')) return 'FailureTarget';
  if (isTrue(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(job: KubeObject): string {
  const succeeded = count(at(job, 'status.succeeded'));
  const wanted = at(job, 'spec.completions');
  const parallelism = at(job, 'spec.parallelism');
  if (typeof wanted === 'number') return `${succeeded}/${wanted}`;
  if (typeof parallelism === 'number' && parallelism > 1) return `${succeeded}/1 of ${parallelism}`;
  return `${succeeded}/1`;
}

function duration(job: KubeObject, now: Date): string {
  const start = text(at(job, 'status.startTime'));
  const end = text(at(job, 'status.completionTime'));
  if (!start) return '';
  return end ? between(start, end) : age(start, now);
}

export const jobPrinter: RowPrinter = namedPrinter(
  [
    [column('Status', 'string', 'Status of the job.'), jobStatus],
    [column('Completions', 'string', 'The completion status of the job'), completions],
    [column('Duration', 'string', 'Time required to complete the job.'), duration],
  ],
  [
    ...templateContainers('spec.template.spec'),
    wideSelector(fieldDocs.jobSelector, 'spec.selector', formatLabelSelector),
  ],
);

const boolText = (value: unknown) => (value === undefined || value === null ? '<unset>' : value ? 'True' : 'False');

function lastSchedule(cronJob: KubeObject, now: Date): string {
  const time = text(at(cronJob, 'status.lastScheduleTime'));
  return time ? age(time, now) : '<none>';
}

export const cronJobPrinter: RowPrinter = namedPrinter(
  [
    [column('Schedule', 'string', fieldDocs.cronJobSchedule), (cj) => text(at(cj, 'spec.schedule'))],
    [column('Timezone', 'string', fieldDocs.cronJobTimeZone), (cj) => text(at(cj, 'spec.timeZone'), '<none>')],
    [column('Suspend', 'boolean', fieldDocs.cronJobSuspend), (cj) => boolText(at(cj, 'spec.suspend') ?? false)],
    [column('Active', 'integer', fieldDocs.cronJobActive), (cj) => list(at(cj, 'status.active')).length],
    [column('Last Schedule', 'string', fieldDocs.cronJobLastSchedule), lastSchedule],
  ],
  [
    ...templateContainers('spec.jobTemplate.spec.template.spec'),
    wideSelector(fieldDocs.jobSelector, 'spec.jobTemplate.spec.selector', formatLabelSelector),
  ],
);
