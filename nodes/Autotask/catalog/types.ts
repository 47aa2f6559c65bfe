/** Root operations: paths under /V1.0/{path}. */
export type RootOp =
	| 'query'
	| 'queryUrl'
	| 'count'
	| 'countUrl'
	| 'get'
	| 'create'
	| 'update'
	| 'replace'
	| 'delete'
	| 'entityInformation'
	| 'fields'
	| 'userDefinedFields';

/** Child operations: paths under /V1.0/{parent}/{parentId}/{segment}. */
export type ChildOp =
	| 'list'
	| 'get'
	| 'getByYear'
	| 'action'
	| 'create'
	| 'update'
	| 'replace'
	| 'delete'
	| 'entityInformation'
	| 'fields'
	| 'userDefinedFields';

export interface CatalogChild {
	/** Path segment of the parent collection, e.g. 'Tickets' in /V1.0/Tickets/{parentId}/Notes */
	parent: string;
	/** Path segment of the child collection, e.g. 'Notes' */
	segment: string;
	ops: ChildOp[];
	/** Catalog name of the entity the parent id belongs to, where it is known */
	parentEntity?: string;
	/** Field of this entity's model that holds the parent id, e.g. 'ticketID' */
	parentIdField?: string;
}

export interface CatalogEntry {
	/** API name (swagger tag without the Child suffix), e.g. 'TicketNotes' */
	name: string;
	/** Resource value used by the node, e.g. 'ticketNote' */
	value: string;
	/** Singular display name, e.g. 'Ticket Note' */
	label: string;
	/** Root collection segment under /V1.0/, absent for child-only entities */
	path?: string;
	/** Model name without the Model suffix, e.g. 'TicketNote' */
	model?: string;
	root: RootOp[];
	child?: CatalogChild;
	/** The model carries userDefinedFields */
	udf?: boolean;
	/** A file attachment entity (base64 data, created through the parent URL) */
	attachment?: boolean;
}

export interface CatalogSpecial {
	key: string;
	method: string;
	path: string;
	operationId: string;
}
