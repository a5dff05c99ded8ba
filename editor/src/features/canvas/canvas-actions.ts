import { createContext, useContext } from 'react';
import type { NodeType } from '../../api/types';

/** What an edge's buttons can do on the canvas: insert a node of a type on it, or remove it. */
export interface CanvasActions {
  insertTypes: NodeType[];
  insertOn: (edgeId: string, type: string) => void;
  removeEdge: (edgeId: string) => void;
  /** The edge the pointer is over (its buttons show), or null. */
  hovered: string | null;
  setHovered: (edgeId: string | null) => void;
}

export const CanvasActionsContext = createContext<CanvasActions | null>(null);

export const useCanvasActions = () => useContext(CanvasActionsContext);
