import { type GoTemplate, parseTemplate } from './go-template.js';
import { sprigFunctions } from './sprig-functions.js';
import { templateData } from './template-data.js';
import { type CommitTemplateInput, TemplateError } from './template-types.js';

/** Flux's commit message when `spec.git.commit.messageTemplate` is empty. */
export const defaultMessageTemplate = 'Update from image update automation';

const templateName = 'commit message';
const templateDocs = 'https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template';

/** Template data Flux v1 removed: using it is an error that names the replacement. */
const removedFields = [
  {
    pattern: "can't evaluate field Updated in type source.TemplateData",
    message: "template uses removed '.Updated' field. Please use '.Changed' instead.",
  },
  {
    pattern: "can't evaluate field ImageResult in type update.Result",
    message:
      "template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead.",
  },
];

function parseMessageTemplate(text: string): GoTemplate {
  try {
    return parseTemplate(templateName, text, { functions: sprigFunctions });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new TemplateError(`unable to create commit message template from spec: ${error.message}`);
  }
}

/** Renders the commit message of an ImageUpdateAutomation as Flux's Go template would. */
export function renderCommitMessage(template: string | undefined, input: CommitTemplateInput): string {
  const parsed = parseMessageTemplate(template || defaultMessageTemplate);
  try {
    return parsed.execute(templateData(input));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const removed = removedFields.find(({ pattern }) => error.message.includes(pattern));
    if (removed) throw new TemplateError(`${removed.message} See: ${templateDocs}`);
    throw new TemplateError(`failed to run template from spec: ${error.message}`);
  }
}
