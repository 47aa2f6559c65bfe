/**
 * Hand-written picklists for the entities MSPs use most. Autotask picklists are per-database and
 * absent from the swagger, so these are realistic stand-ins; values are strings on the wire.
 */

/** [value, label, parentValue?, isActive?] */
export type PickSpec = [number | string, string, (number | string)?, boolean?];

export interface PicklistValue {
	value: string;
	label: string;
	isDefaultValue: boolean;
	sortOrder: number;
	parentValue: string;
	isActive: boolean;
	isSystem: boolean;
}

export function toPicklist(specs: PickSpec[], defaultValue?: number | string): PicklistValue[] {
	return specs.map(([value, label, parent, active], i) => ({
		value: String(value),
		label,
		isDefaultValue: defaultValue !== undefined && String(defaultValue) === String(value),
		sortOrder: i,
		parentValue: parent === undefined ? '' : String(parent),
		isActive: active !== false,
		isSystem: true,
	}));
}

export const TICKET_STATUS: PickSpec[] = [
	[1, 'New'],
	[5, 'Complete'],
	[7, 'Waiting Customer'],
	[8, 'In Progress'],
	[9, 'Waiting Materials'],
	[10, 'Dispatched'],
	[11, 'Escalate'],
	[12, 'Waiting Vendor'],
	[13, 'Waiting Approval'],
	[15, 'On Hold'],
	[16, 'Customer Note Added'],
	[19, 'Cancelled', undefined, false],
];
export const TICKET_PRIORITY: PickSpec[] = [
	[4, 'Critical'],
	[1, 'High'],
	[2, 'Medium'],
	[3, 'Low'],
];
export const TICKET_QUEUE: PickSpec[] = [
	[5, 'Client Portal'],
	[6, 'Post Sale'],
	[8, 'Monitoring Alert'],
	[29682833, 'Level I Support'],
	[29682969, 'Level II Support'],
	[29683354, 'Recurring Tickets'],
	// where new tickets wait to be categorised (docs/examples/ticket-categorisation.json)
	[29683480, 'Triage'],
];
export const TICKET_SOURCE: PickSpec[] = [
	[-2, 'Insourced'],
	[-1, 'Client Portal'],
	[1, 'Other'],
	[2, 'Phone'],
	[3, 'Voice Mail'],
	[4, 'Email'],
	[6, 'Web Portal'],
	[8, 'Monitoring Alert'],
	[11, 'In Person/Onsite'],
];
export const ISSUE_TYPE: PickSpec[] = [
	[1, 'Hardware'],
	[2, 'Software'],
	[3, 'Network'],
	[4, 'Security'],
];
// subIssueType depends on issueType (picklistParentValueField)
export const SUB_ISSUE_TYPE: PickSpec[] = [
	[10, 'Desktop', 1],
	[11, 'Laptop', 1],
	[12, 'Printer', 1],
	[19, 'Other', 1],
	[20, 'Microsoft 365', 2],
	[21, 'Line of Business App', 2],
	[29, 'Other', 2],
	[30, 'Firewall', 3],
	[31, 'Wi-Fi', 3],
	[32, 'VPN', 3],
	[40, 'Phishing', 4],
	[41, 'Malware', 4],
];
export const TICKET_TYPE: PickSpec[] = [
	[1, 'Service Request'],
	[2, 'Incident'],
	[3, 'Problem'],
	[4, 'Change Request'],
	[5, 'Alert'],
];
export const TICKET_CATEGORY: PickSpec[] = [
	[1, 'Standard (default)'],
	[2, 'RMM Alert'],
	[3, 'Project Issue'],
	[4, 'Change Management'],
];
export const COMPANY_TYPE: PickSpec[] = [
	[1, 'Customer'],
	[2, 'Lead'],
	[3, 'Prospect'],
	[4, 'Dead'],
	[6, 'Cancelation'],
	[7, 'Vendor'],
	[8, 'Partner'],
];
export const CI_TYPE: PickSpec[] = [
	[1, 'Workstation'],
	[2, 'Server'],
	[3, 'Network Device'],
	[4, 'Printer'],
	[5, 'Mobile Device'],
];
export const CONTRACT_TYPE: PickSpec[] = [
	[1, 'Time and Materials'],
	[3, 'Fixed Price'],
	[4, 'Block Hours'],
	[6, 'Retainer'],
	[7, 'Recurring Service'],
	[8, 'Per Ticket'],
];
export const CONTRACT_STATUS: PickSpec[] = [
	[0, 'Inactive'],
	[1, 'Active'],
];
export const PROJECT_STATUS: PickSpec[] = [
	[0, 'Inactive'],
	[1, 'New'],
	[2, 'Active'],
	[3, 'On Hold'],
	[4, 'Waiting'],
	[5, 'Complete'],
];
export const PROJECT_TYPE: PickSpec[] = [
	[1, 'Template'],
	[2, 'Proposal'],
	[4, 'Baseline'],
	[5, 'Client'],
	[8, 'Internal'],
];
export const TASK_STATUS: PickSpec[] = [
	[1, 'New'],
	[5, 'Complete'],
	[7, 'Waiting Customer'],
	[8, 'In Progress'],
];
export const TASK_TYPE: PickSpec[] = [
	[1, 'Fixed Work'],
	[2, 'Fixed Duration'],
];
export const NOTE_TYPE: PickSpec[] = [
	[1, 'Task Summary'],
	[2, 'Task Detail'],
	[3, 'Task Notes'],
	[13, 'Internal Notes'],
	[18, 'Customer Reply'],
];
export const NOTE_PUBLISH: PickSpec[] = [
	[1, 'All Autotask Users'],
	[2, 'Internal Project Team'],
	[3, 'Internal Users Only'],
];
export const TIME_ENTRY_TYPE: PickSpec[] = [
	[2, 'Regular'],
	[3, 'Travel'],
	[6, 'Task Time'],
	[7, 'Ticket Time'],
];
export const OPP_STATUS: PickSpec[] = [
	[0, 'Not Ready To Buy'],
	[1, 'Active'],
	[2, 'Lost'],
	[3, 'Closed'],
	[4, 'Implemented'],
];
export const OPP_STAGE: PickSpec[] = [
	[1, 'Qualify'],
	[2, 'Develop'],
	[3, 'Propose'],
	[4, 'Close'],
];
export const OPP_RATING: PickSpec[] = [
	[1, 'Hot'],
	[2, 'Warm'],
	[3, 'Cold'],
];
export const DOC_PUBLISH: PickSpec[] = [
	[1, 'Internal'],
	[2, 'All'],
];
export const DOC_CATEGORY: PickSpec[] = [
	[1, 'Network Documentation'],
	[2, 'Procedures'],
	[3, 'Contracts'],
];
export const INVOICE_STATUS: PickSpec[] = [
	[1, 'Draft'],
	[2, 'Sent'],
	[3, 'Paid'],
	[4, 'Voided'],
];
export const PAYMENT_TERM: PickSpec[] = [
	[1, 'Net 15'],
	[2, 'Net 30'],
	[3, 'Due on Receipt'],
];
export const RESOURCE_TYPE: PickSpec[] = [
	['Employee', 'Employee'],
	['Contractor', 'Contractor'],
	['Temporary', 'Temporary'],
];
export const LICENSE_TYPE: PickSpec[] = [
	[1, 'Professional'],
	[2, 'Team Member'],
	[7, 'API User'],
];
