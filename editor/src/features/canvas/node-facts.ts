import type { FlowNode } from '@isync/core';

const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

/** A rule in JSON Logic, said briefly ("status == open") when it is a simple comparison. */
function ruleInWords(rule: unknown): string {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return '';
  const [operator, args] = Object.entries(rule as Record<string, unknown>)[0] ?? [];
  if (!operator || !Array.isArray(args) || args.length !== 2) return '';
  const side = (v: unknown) =>
    v && typeof v === 'object' && 'var' in v ? String((v as { var: unknown }).var) : JSON.stringify(v);
  return `${side(args[0])} ${operator} ${side(args[1])}`;
}

/** The key facts of a node, shown on its card: what it reads, keeps, maps or writes. */
export function nodeFacts(node: FlowNode): string {
  const config = node.data.config;
  switch (node.type) {
    case 'source':
      return text(config.object) ? `Reads ${text(config.object)}` : 'No records chosen yet';
    case 'destination':
      if (!text(config.object)) return 'No table chosen yet';
      // A two-way flow's way back: it updates the records the forward direction linked, never creates.
      return config.operations === 'update-only'
        ? `Only updates ${text(config.object)}`
        : `Writes ${text(config.object)}`;
    case 'filter':
      return text(config.description) || ruleInWords(config.rule) || 'No rule yet';
    case 'field-map':
      return `${plural(count(config.create), 'field')} on create, ${count(config.update)} on update`;
    case 'status-map':
      return `${plural(count(config.table), 'status')} mapped`;
    default:
      return '';
  }
}
