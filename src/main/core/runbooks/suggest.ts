/**
 * Which runbooks fit an incident: a plain keyword score over the incident's title, services and
 * tags against each runbook's title, tags, match phrases and services. Pure and explainable:
 * the matched words are shown to the user as the reason for the suggestion.
 */

export interface IncidentFacts {
  readonly title: string;
  readonly services: readonly string[];
  readonly tags: readonly string[];
}

export interface RunbookKeywords {
  readonly title: string;
  readonly tags: readonly string[];
  readonly match: readonly string[];
  readonly services: readonly string[];
}

export interface Suggestion {
  readonly score: number;
  readonly matched: string[];
}

const STOPWORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or the to was were with after before during our we us all some'.split(
    ' ',
  ),
);

/** Lower-case words with a naive singular: "Errors" and "error" match, "5xx" stays "5xx". */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(singular);
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !/\d/.test(word)) return word.slice(0, -1);
  return word;
}

/** A phrase matches when its words appear consecutively in the text's words. */
function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

export function scoreRunbook(incident: IncidentFacts, runbook: RunbookKeywords): Suggestion {
  const titleWords = tokens(incident.title);
  const tagWords = incident.tags.flatMap(tokens);
  const incidentWords = [...titleWords, ...tagWords];
  const incidentSet = new Set(incidentWords);
  const services = new Set(incident.services.map((s) => s.trim().toLowerCase()).filter(Boolean));
  let score = 0;
  const matched = new Set<string>();

  // Match phrases are the runbook author's deliberate signals: worth most, more for longer ones.
  for (const phrase of runbook.match) {
    const words = tokens(phrase);
    if (containsPhrase(titleWords, words) || containsPhrase(tagWords, words)) {
      score += 2 + words.length;
      matched.add(phrase.toLowerCase());
    }
  }
  for (const tag of runbook.tags) {
    const words = tokens(tag);
    if (words.length > 0 && words.every((w) => incidentSet.has(w))) {
      score += 2;
      matched.add(tag.toLowerCase());
    }
  }
  for (const word of new Set(tokens(runbook.title))) {
    if (incidentSet.has(word)) {
      score += 1;
      matched.add(word);
    }
  }
  for (const service of runbook.services) {
    if (services.has(service.toLowerCase())) {
      score += 3;
      matched.add(service.toLowerCase());
    }
  }
  return { score, matched: [...matched] };
}

/** Runbooks with a positive score, best first; ties keep the given order. */
export function rankRunbooks<T extends RunbookKeywords>(
  incident: IncidentFacts,
  runbooks: readonly T[],
): { runbook: T; suggestion: Suggestion }[] {
  return runbooks
    .map((runbook, order) => ({ runbook, suggestion: scoreRunbook(incident, runbook), order }))
    .sort((a, b) => b.suggestion.score - a.suggestion.score || a.order - b.order)
    .map(({ runbook, suggestion }) => ({ runbook, suggestion }));
}
