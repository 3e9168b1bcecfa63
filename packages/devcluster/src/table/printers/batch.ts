import type { KubeObject } from '../../types.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wide } from '../columns.js';
import { age, between } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, condition, containerCells, count, formatLabelSelector, list, text } from '../object-fields.js';
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

export const jobPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The completion status of the job'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.jobSelector),
  ],
  cells: (job, now) => [
    job.metadata.name,
    jobStatus(job),
    completions(job),
    duration(job, now),
    age(job.metadata.creationTimestamp, now),
    ...containerCells(at(job, 'spec.template.spec')),
    formatLabelSelector(at(job, 'spec.selector')),
  ],
};

const boolText = (value: unknown) => (value === undefined || value === null ? '<unset>' : value ? 'True' : 'False');

export const cronJobPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Schedule', 'string', fieldDocs.cronJobSchedule),
    column('Timezone', 'string', fieldDocs.cronJobTimeZone),
    column('Suspend', 'boolean', fieldDocs.cronJobSuspend),
    column('Active', 'integer', fieldDocs.cronJobActive),
    column('Last Schedule', 'string', fieldDocs.cronJobLastSchedule),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.jobSelector),
  ],
  cells: (cj, now) => {
    const lastSchedule = text(at(cj, 'status.lastScheduleTime'));
    return [
      cj.metadata.name,
      text(at(cj, 'spec.schedule')),
      text(at(cj, 'spec.timeZone'), '<none>'),
      boolText(at(cj, 'spec.suspend') ?? false),
      list(at(cj, 'status.active')).length,
      lastSchedule ? age(lastSchedule, now) : '<none>',
      age(cj.metadata.creationTimestamp, now),
      ...containerCells(at(cj, 'spec.jobTemplate.spec.template.spec')),
      formatLabelSelector(at(cj, 'spec.jobTemplate.spec.selector')),
    ];
  },
};
