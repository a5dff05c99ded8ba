import type { NodeValidationContext, ObjectDescription, SystemDescription } from '@isync/core';

const objectIn = (system: SystemDescription | undefined, name: unknown): ObjectDescription | undefined =>
  typeof name === 'string' ? system?.objects.find((object) => object.name === name) : undefined;

/** The destination object (table) the node's path writes to, when the destination is described. */
export const destinationObject = (context: NodeValidationContext) =>
  objectIn(context.environment.destination, context.destinationConfig?.object);

/** The source object the flow reads, when the source is described. */
export const sourceObject = (context: NodeValidationContext) =>
  objectIn(context.environment.source, context.sourceConfig?.object);

export { objectIn };
