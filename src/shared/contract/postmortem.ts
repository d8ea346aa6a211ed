/** Contract methods for postmortem drafts. */
import { z } from 'zod';
import { IdSchema } from '../schemas';

export const postmortemMethods = {
  exportPostmortem: z.object({ incidentId: IdSchema }).strict(),
} as const;

export interface PostmortemDraft {
  readonly fileName: string;
  readonly markdown: string;
}

export interface PostmortemResults {
  exportPostmortem: PostmortemDraft;
}
