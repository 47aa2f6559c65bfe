/**
 * Field metadata for /entityInformation/fields. The swagger has no required flags or lengths
 * (the swagger has no required flags or lengths), so the main MSP entities get a hand-written table and the rest are derived from models.json.
 */
import type { CatalogEntry } from '../nodes/Autotask/catalog';
import { ENTITIES } from '../nodes/Autotask/catalog';
import { hasModel, modelInfo } from './models.cjs';
import * as P from './picklists.cjs';
import type { PicklistValue, PickSpec } from './picklists.cjs';
import type { Store } from './store.cjs';
import { WEBHOOK_KINDS } from './webhook-kinds.cjs';

export interface FieldInformation {
	name: string;
	dataType: string;
	length: number;
	isRequired: boolean;
	isReadOnly: boolean;
	isQueryable: boolean;
	isReference: boolean;
	referenceEntityType: string;
	isPickList: boolean;
	picklistValues: PicklistValue[] | null;
	picklistParentValueField: string;
	isSupportedWebhookField: boolean;
}

interface ModelOverrides {
	required?: string[];
	readOnly?: string[];
	lengths?: Record<string, number>;
	picklists?: Record<string, PickSpec[]>;
	defaults?: Record<string, number | string>;
	parents?: Record<string, string>;
	notQueryable?: string[];
}

/** Keyed by model name, so entities sharing a model share metadata. */
const OVERRIDES: Record<string, ModelOverrides> = {
	Ticket: {
		required: ['companyID', 'title', 'status', 'priority'],
		readOnly: [
			'ticketNumber',
			'completedDate',
			'completedByResourceID',
			'firstResponseDateTime',
			'resolvedDateTime',
			'serviceLevelAgreementHasBeenMet',
		],
		lengths: {
			title: 255,
			description: 8000,
			resolution: 32000,
			purchaseOrderNumber: 50,
			externalID: 50,
			ticketNumber: 50,
		},
		picklists: {
			status: P.TICKET_STATUS,
			priority: P.TICKET_PRIORITY,
			queueID: P.TICKET_QUEUE,
			source: P.TICKET_SOURCE,
			issueType: P.ISSUE_TYPE,
			subIssueType: P.SUB_ISSUE_TYPE,
			ticketType: P.TICKET_TYPE,
			ticketCategory: P.TICKET_CATEGORY,
		},
		defaults: { status: 1, priority: 2, ticketType: 1, ticketCategory: 1 },
		parents: { subIssueType: 'issueType' },
	},
	Company: {
		required: ['companyName', 'companyType', 'phone', 'ownerResourceID'],
		readOnly: ['companyNumber', 'surveyCompanyRating'],
		lengths: {
			companyName: 100,
			phone: 25,
			fax: 25,
			address1: 128,
			address2: 128,
			city: 50,
			state: 25,
			postalCode: 20,
			webAddress: 255,
		},
		picklists: { companyType: P.COMPANY_TYPE },
		defaults: { companyType: 1 },
	},
	Contact: {
		required: ['firstName', 'lastName', 'isActive', 'companyID'],
		lengths: {
			firstName: 50,
			lastName: 50,
			emailAddress: 254,
			phone: 25,
			mobilePhone: 25,
			title: 50,
		},
	},
	ConfigurationItem: {
		required: ['companyID', 'productID', 'isActive'],
		lengths: { referenceTitle: 200, serialNumber: 100, referenceNumber: 50, notes: 5000 },
		picklists: { configurationItemType: P.CI_TYPE },
	},
	Contract: {
		required: [
			'companyID',
			'contractName',
			'contractType',
			'startDate',
			'endDate',
			'status',
			'timeReportingRequiresStartAndStopTimes',
		],
		readOnly: ['contractNumber'],
		lengths: { contractName: 100, description: 2000 },
		picklists: { contractType: P.CONTRACT_TYPE, status: P.CONTRACT_STATUS },
	},
	Project: {
		required: ['companyID', 'projectName', 'status', 'projectType', 'startDateTime', 'endDateTime'],
		readOnly: ['projectNumber', 'actualHours', 'actualBilledHours', 'completedDateTime'],
		lengths: { projectName: 100, description: 2000 },
		picklists: { status: P.PROJECT_STATUS, projectType: P.PROJECT_TYPE },
	},
	Task: {
		required: ['projectID', 'title', 'status', 'taskType'],
		readOnly: ['taskNumber', 'completedDateTime', 'completedByResourceID'],
		lengths: { title: 255, description: 8000 },
		picklists: { status: P.TASK_STATUS, taskType: P.TASK_TYPE, priorityLabel: P.TICKET_PRIORITY },
	},
	Phase: {
		required: ['projectID', 'title'],
		readOnly: ['phaseNumber'],
		lengths: { title: 255, description: 8000 },
	},
	TimeEntry: {
		required: ['resourceID', 'dateWorked'],
		lengths: { summaryNotes: 32000, internalNotes: 32000 },
		picklists: { timeEntryType: P.TIME_ENTRY_TYPE },
	},
	TicketNote: {
		required: ['ticketID', 'description', 'noteType', 'publish', 'title'],
		lengths: { title: 250, description: 32000 },
		picklists: { noteType: P.NOTE_TYPE, publish: P.NOTE_PUBLISH },
	},
	Resource: {
		required: ['firstName', 'lastName', 'email', 'userName', 'resourceType', 'isActive'],
		readOnly: ['userName', 'licenseType', 'userType'],
		lengths: { firstName: 50, lastName: 50, email: 254, title: 50 },
		picklists: { resourceType: P.RESOURCE_TYPE, licenseType: P.LICENSE_TYPE },
	},
	Opportunity: {
		required: [
			'companyID',
			'title',
			'amount',
			'cost',
			'probability',
			'ownerResourceID',
			'projectedCloseDate',
			'stage',
			'status',
		],
		lengths: { title: 128, description: 8000 },
		picklists: { status: P.OPP_STATUS, stage: P.OPP_STAGE, rating: P.OPP_RATING },
	},
	Quote: {
		required: ['companyID', 'name', 'opportunityID', 'effectiveDate', 'expirationDate'],
		readOnly: ['quoteNumber'],
		lengths: { name: 100 },
	},
	Invoice: {
		readOnly: [
			'invoiceNumber',
			'invoiceTotal',
			'totalTaxValue',
			'invoiceDateTime',
			'companyID',
			'batchID',
			'fromDate',
			'toDate',
		],
		picklists: { invoiceStatus: P.INVOICE_STATUS, paymentTerm: P.PAYMENT_TERM },
	},
	Document: {
		required: ['companyID', 'title', 'publish', 'documentCategoryID'],
		lengths: { title: 255, keywords: 255 },
		picklists: { publish: P.DOC_PUBLISH, documentCategoryID: P.DOC_CATEGORY },
	},
	Survey: { readOnly: ['name', 'displayName', 'description'] },
	TicketCategory: { required: ['name'], lengths: { name: 30, nickname: 3 } },
};

for (const k of WEBHOOK_KINDS) {
	OVERRIDES[k.webhookModel] = {
		required: [
			'name',
			'webhookUrl',
			'deactivationUrl',
			'isActive',
			'isSubscribedToCreateEvents',
			'isSubscribedToDeleteEvents',
			'isSubscribedToUpdateEvents',
		],
		readOnly: ['webhookGUID', 'isReady', 'ownerResourceID'],
		lengths: {
			name: 50,
			webhookUrl: 500,
			deactivationUrl: 500,
			notificationEmailAddress: 150,
			secretKey: 64,
			webhookGUID: 100,
		},
	};
	OVERRIDES[k.fieldModel] = {
		required: ['webhookID', 'fieldID', 'isDisplayAlwaysField', 'isSubscribedField'],
	};
	if (k.udfFieldModel)
		OVERRIDES[k.udfFieldModel] = {
			required: ['webhookID', 'udfFieldID', 'isDisplayAlwaysField', 'isSubscribedField'],
		};
	OVERRIDES[k.excludedModel] = { required: ['webhookID', 'resourceID'] };
}

// Attachment bodies cannot be filtered on
const ATTACHMENT_NOT_QUERYABLE = ['data', 'fileSize', 'creatorType'];

/** Fields the server sets itself; a client cannot write them. */
const AUTO_READ_ONLY =
	/^(id|createDate|createDateTime|createdDateTime|createdDate|lastActivityDate|lastActivityDateTime|lastModifiedDate|lastModifiedDateTime|lastModifiedTime|lastTrackedModificationDateTime|lastTrackedModifiedDateTime|lastActivityPersonType|lastActivityResourceID|lastActivityPersonID|creatorResourceID|createdByResourceID|createdByPersonID|creatorUserID|lastModifiedUserID|lastModifiedByResourceID|impersonatorCreatorResourceID|impersonatorUpdaterResourceID|attachDate|attachedByResourceID|fileSize|contentType|soapParentPropertyId)$/;

const modelNames = new Set(ENTITIES.map((e) => e.model).filter((m): m is string => !!m));

/** xxxID fields reference the longest trailing model name, e.g. assignedResourceID -> Resource. */
export function referenceOf(field: string, type: string): string {
	if (!type.startsWith('integer') || field === 'id' || !/[a-z](ID|Id)$/.test(field)) return '';
	const stem = field.slice(0, -2);
	const words = stem.replace(/^[a-z]/, (c) => c.toUpperCase()).split(/(?=[A-Z])/);
	for (let i = 0; i < words.length; i++) {
		const cand = words.slice(i).join('');
		if (modelNames.has(cand)) return cand;
	}
	return '';
}

function dataTypeOf(t: string): string {
	if (t === 'integer/int64') return 'long';
	if (t.startsWith('integer')) return 'integer';
	if (t.startsWith('number')) return 'double';
	if (t === 'string/date-time') return 'datetime';
	if (t === 'boolean') return 'boolean';
	return 'string';
}

const cache = new Map<string, FieldInformation[]>();

function baseFields(model: string, isAttachment: boolean): FieldInformation[] {
	const key = model + (isAttachment ? '#a' : '');
	const hit = cache.get(key);
	if (hit) return hit;
	const info = modelInfo(model);
	const o = OVERRIDES[model] ?? {};
	const out: FieldInformation[] = [];
	for (const name of info.fields) {
		if (name === 'userDefinedFields') continue;
		const t = info.types[name];
		const pick = o.picklists?.[name];
		const ref = pick ? '' : referenceOf(name, t);
		out.push({
			name,
			dataType: dataTypeOf(t),
			length: o.lengths?.[name] ?? (t === 'string' ? 8000 : 0),
			isRequired: !!o.required?.includes(name),
			isReadOnly: AUTO_READ_ONLY.test(name) || !!o.readOnly?.includes(name),
			isQueryable:
				!(isAttachment && ATTACHMENT_NOT_QUERYABLE.includes(name)) &&
				!o.notQueryable?.includes(name),
			isReference: !!ref,
			referenceEntityType: ref,
			isPickList: !!pick,
			picklistValues: pick ? P.toPicklist(pick, o.defaults?.[name]) : null,
			picklistParentValueField: o.parents?.[name] ?? '',
			isSupportedWebhookField: WEBHOOK_KINDS.some((k) => k.source === model),
		});
	}
	cache.set(key, out);
	return out;
}

/** Fields metadata; webhook child entities get their fieldID / udfFieldID picklists. */
export function fieldsFor(entity: CatalogEntry, store: Store): FieldInformation[] {
	if (!hasModel(entity.model)) return [];
	const fields = baseFields(entity.model as string, !!entity.attachment);
	const kind = WEBHOOK_KINDS.find(
		(k) => k.fieldModel === entity.model || k.udfFieldModel === entity.model,
	);
	if (!kind) return fields;
	const isUdf = kind.udfFieldModel === entity.model;
	const values: PickSpec[] = isUdf
		? (store.udfDefinitions.get(kind.source) ?? []).map((d) => [d.id, d.name] as PickSpec)
		: webhookFieldIds(kind.source).map(([id, name]) => [id, name] as PickSpec);
	const target = isUdf ? 'udfFieldID' : 'fieldID';
	return fields.map((f) =>
		f.name === target
			? {
					...f,
					isPickList: true,
					isReference: false,
					referenceEntityType: '',
					picklistValues: P.toPicklist(values),
				}
			: f,
	);
}

/** Numeric webhook field ids of a source model: position in the model, 1-based. */
export function webhookFieldIds(sourceModel: string): Array<[number, string]> {
	return modelInfo(sourceModel)
		.fields.filter((f) => f !== 'userDefinedFields')
		.map((f, i) => [i + 1, f]);
}

export function fieldMap(entity: CatalogEntry, store: Store): Map<string, FieldInformation> {
	return new Map(fieldsFor(entity, store).map((f) => [f.name, f]));
}

export function entityInfo(entity: CatalogEntry): Record<string, unknown> {
	const canWrite = (op: string) =>
		entity.root.includes(op as never) || !!entity.child?.ops.includes(op as never);
	const access = (b: boolean) => (b ? 1 : 0);
	const canCreate = canWrite('create');
	const canUpdate = canWrite('update') || canWrite('replace');
	const canDelete = canWrite('delete');
	const canQuery = entity.root.includes('query') || !!entity.child?.ops.includes('list');
	return {
		info: {
			name: entity.model ?? entity.name,
			canCreate,
			canDelete,
			canQuery,
			canUpdate,
			userAccessForCreate: access(canCreate),
			userAccessForDelete: access(canDelete),
			userAccessForQuery: access(canQuery),
			userAccessForUpdate: access(canUpdate),
			hasUserDefinedFields: !!entity.udf,
			supportsWebhookCallouts: WEBHOOK_KINDS.some((k) => k.sourceEntities.includes(entity.name)),
		},
	};
}

export function udfFieldsFor(entity: CatalogEntry, store: Store): Record<string, unknown>[] {
	if (!entity.udf || !entity.model) return [];
	return (store.udfDefinitions.get(entity.model) ?? []).map((d) => ({
		name: d.name,
		label: d.label ?? d.name,
		type: d.type,
		length: d.type === 'string' ? 255 : 0,
		description: '',
		isRequired: false,
		isReadOnly: false,
		isQueryable: true,
		isReference: false,
		referenceEntityType: '',
		isPickList: !!d.picklist,
		picklistValues: d.picklist ? P.toPicklist(d.picklist) : null,
		picklistParentValueField: '',
		defaultValue: '',
		isSupportedWebhookField: WEBHOOK_KINDS.some((k) => k.source === entity.model),
	}));
}
