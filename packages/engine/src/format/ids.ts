/** Branded string ids: a NodeId can never be passed where a PortId is expected. */
declare const brand: unique symbol;

/** A string tagged with a compile-time brand. */
export type Brand<Value, Name extends string> = Value & { readonly [brand]: Name };

/** The id of a node in a graph (React Flow's `node.id`). */
export type NodeId = Brand<string, 'NodeId'>;
/** The id of a port on a node (React Flow's handle id). */
export type PortId = Brand<string, 'PortId'>;
/** The id of an edge in a graph. */
export type EdgeId = Brand<string, 'EdgeId'>;

/** Brands a string as a NodeId. */
export const nodeId = (value: string): NodeId => value as NodeId;
/** Brands a string as a PortId. */
export const portId = (value: string): PortId => value as PortId;
/** Brands a string as an EdgeId. */
export const edgeId = (value: string): EdgeId => value as EdgeId;
