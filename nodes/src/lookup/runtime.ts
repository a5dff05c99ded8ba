import { emptyResult, type TransformRuntime } from '../definition.js';
import { classify } from '../failures.js';
import { getPath } from '../paths.js';
import type { LookupConfig } from './definition.js';

export const runLookup: TransformRuntime<LookupConfig> = async (items, config, context) => {
  const result = emptyResult();
  if (!config.connectionId) throw new Error('The lookup has no connection; compile the flow again.');
  const connector = await context.connectors.get(config.connectionId);

  // One question per distinct value per run, however many records share it; what was found is kept for the
  // plan's next runs too, when the process keeps it.
  const find = (value: string): Promise<unknown> => {
    const key = `lookup:${config.connectionId}:${config.project ?? ''}:${config.object}:${config.matchField}:${config.returnField}:${value}`;
    let answer = context.runCache.get(key) as Promise<unknown> | undefined;
    const kept = answer ? undefined : context.planLookups?.get(key);
    if (kept) {
      answer = Promise.resolve(kept.value);
      context.runCache.set(key, answer);
    }
    if (!answer) {
      answer = connector
        .findOne(
          config.object,
          config.matchField,
          value,
          context.signal,
          config.project === undefined ? undefined : { project: config.project },
        )
        .then((found) => {
          const value = found ? (found[config.returnField] ?? null) : null;
          if (value !== null) context.planLookups?.set(key, value);
          return value;
        });
      context.runCache.set(key, answer);
      answer.catch(() => context.runCache.delete(key));
    }
    return answer;
  };

  // Every distinct value is asked at once (the connection's client bounds the requests in flight): asked one
  // record after another, a batch with 200 new values waited for 200 round trips in a row.
  const asked = items.map((item) => {
    const value = getPath(config.valueFrom === 'fields' ? item.fields : item.source, config.sourcePath);
    return value === undefined || value === null || value === ''
      ? null
      : { value, answer: find(String(value)) };
  });

  for (const [index, item] of items.entries()) {
    const question = asked[index]!;
    if (question === null) {
      result.out.push(item);
      continue;
    }
    const { value } = question;
    let found: unknown;
    try {
      found = await question.answer;
    } catch (error) {
      const failure = classify(error);
      result.failed.push({
        item,
        kind: failure.kind,
        message: `Looking up ${config.object} where ${config.matchField} = "${String(value)}" failed: ${failure.message}`,
      });
      continue;
    }
    if (found !== null) {
      result.out.push({ ...item, fields: { ...item.fields, [config.targetField]: found } });
    } else if (config.onMissing === 'skip') {
      result.skipped.push({
        item,
        reason: `no ${config.object} has ${config.matchField} "${String(value)}"`,
      });
    } else if (config.onMissing === 'fail') {
      result.failed.push({
        item,
        kind: 'mapping',
        message: `No ${config.object} has ${config.matchField} "${String(value)}".`,
      });
    } else if (config.valueFrom === 'fields') {
      // A chained lookup found nothing: the field holds the previous lookup's answer, not a valid value.
      const { [config.targetField]: _unresolved, ...fields } = item.fields;
      result.out.push({ ...item, fields });
    } else {
      result.out.push(item);
    }
  }
  return result;
};
