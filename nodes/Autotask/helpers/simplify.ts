import type { IDataObject } from 'n8n-workflow';

/** At most this many fields in a simplified record (n8n's UX guideline). */
const SIMPLIFY_MAX = 10;

/** The fields a person looks at first, for the entities used most; others follow the general rule. */
const KEY_FIELDS: Record<string, string[]> = {
	Companies: [
		'id',
		'companyName',
		'companyType',
		'phone',
		'city',
		'countryID',
		'isActive',
		'ownerResourceID',
		'lastActivityDate',
		'webAddress',
	],
	ConfigurationItems: [
		'id',
		'referenceTitle',
		'serialNumber',
		'referenceNumber',
		'companyID',
		'configurationItemType',
		'productID',
		'isActive',
		'installDate',
		'warrantyExpirationDate',
	],
	Contacts: [
		'id',
		'firstName',
		'lastName',
		'emailAddress',
		'phone',
		'mobilePhone',
		'companyID',
		'title',
		'isActive',
		'lastActivityDate',
	],
	Contracts: [
		'id',
		'contractName',
		'contractNumber',
		'companyID',
		'status',
		'contractType',
		'contractCategory',
		'startDate',
		'endDate',
		'isDefaultContract',
	],
	Projects: [
		'id',
		'projectNumber',
		'projectName',
		'status',
		'companyID',
		'projectLeadResourceID',
		'startDateTime',
		'endDateTime',
		'completedPercentage',
		'lastActivityDateTime',
	],
	Resources: [
		'id',
		'firstName',
		'lastName',
		'userName',
		'email',
		'title',
		'isActive',
		'resourceType',
		'locationID',
		'defaultServiceDeskRoleID',
	],
	Tasks: [
		'id',
		'taskNumber',
		'title',
		'status',
		'projectID',
		'phaseID',
		'assignedResourceID',
		'startDateTime',
		'endDateTime',
		'estimatedHours',
	],
	TicketNotes: [
		'id',
		'ticketID',
		'title',
		'description',
		'noteType',
		'publish',
		'createDateTime',
		'creatorResourceID',
		'createdByContactID',
		'lastActivityDate',
	],
	Tickets: [
		'id',
		'ticketNumber',
		'title',
		'status',
		'priority',
		'queueID',
		'companyID',
		'assignedResourceID',
		'createDate',
		'dueDateTime',
	],
	TimeEntries: [
		'id',
		'resourceID',
		'ticketID',
		'taskID',
		'dateWorked',
		'startDateTime',
		'endDateTime',
		'hoursWorked',
		'hoursToBill',
		'summaryNotes',
	],
};

const IDENTIFYING = /(^|[a-z])(name|title|number|description)$/i;

/**
 * A record cut down to at most 10 fields. The key fields of well-known entities; otherwise the ID, the
 * identifying fields (names, titles, numbers), the status, then other fields that have a value. A kept
 * picklist field keeps its `_label` beside it when labels were added.
 */
export function simplifyRecord(entityName: string, record: IDataObject): IDataObject {
	let keys = KEY_FIELDS[entityName];
	if (!keys) {
		const present = Object.keys(record).filter(
			(k) =>
				k !== 'userDefinedFields' &&
				!k.endsWith('_label') &&
				record[k] !== null &&
				record[k] !== '',
		);
		const rank = (k: string) => (k === 'id' ? 0 : IDENTIFYING.test(k) ? 1 : k === 'status' ? 2 : 3);
		keys = present.sort((a, b) => rank(a) - rank(b)).slice(0, SIMPLIFY_MAX);
	}
	const out: IDataObject = {};
	for (const k of keys) {
		if (!(k in record)) continue;
		out[k] = record[k];
		if (`${k}_label` in record) out[`${k}_label`] = record[`${k}_label`];
	}
	return out;
}
