/** Deterministic seeds: 'empty', 'demo' (a small MSP) and `bench:N` (N tickets). Fixed dates, no randomness. */
import type { Store } from './store.cjs';

export type SeedName = 'empty' | 'demo' | `bench:${number}`;

export const API_RESOURCE_ID = 29682885;
const DAY = 86_400_000;
const BASE = Date.UTC(2025, 8, 1, 9, 0, 0); // 2025-09-01T09:00:00

const at = (days: number, hours = 0) =>
	new Date(BASE + days * DAY + hours * 3_600_000).toISOString().replace('Z', '');

/** Every Autotask database has the owner company (id 0) and the API user's resource. */
function base(store: Store): void {
	store.insert(
		'Company',
		{
			id: 0,
			companyName: 'Sandbox MSP (Owner)',
			companyType: 8,
			phone: '555-0100',
			ownerResourceID: API_RESOURCE_ID,
			isActive: true,
			createDate: at(-400),
		},
		null,
		true,
	);
	store.startIdsAt('Company', 174);
	store.insert(
		'Resource',
		{
			id: API_RESOURCE_ID,
			firstName: 'API',
			lastName: 'User',
			email: 'api-user@sandbox.example',
			userName: 'api-user@sandbox.example',
			resourceType: 'Employee',
			licenseType: 7,
			isActive: true,
		},
		null,
		true,
	);
	store.apiResourceId = API_RESOURCE_ID;
	store.startIdsAt('Ticket', 7001);
	store.startIdsAt('TicketNote', 30001);
	store.startIdsAt('Contact', 29683001);
}

export function applySeed(store: Store, seed: SeedName): void {
	base(store);
	if (seed === 'empty') return;
	if (seed === 'demo') return demo(store);
	const m = /^bench:(\d+)$/.exec(seed);
	if (!m) throw new Error(`Unknown seed ${seed}`);
	bench(store, Number(m[1]));
}

function demo(store: Store): void {
	const ins = (model: string, data: Record<string, unknown>) =>
		store.insert(model, data, null, true);
	store.udfDefinitions.set('Company', [
		{ id: 1, name: 'Customer Ranking', type: 'string', label: 'Customer Ranking' },
		{ id: 2, name: 'Number of Employees', type: 'integer' },
	]);
	store.udfDefinitions.set('Contact', [
		{ id: 3, name: 'Preferred Channel', type: 'string' },
		{
			id: 7,
			name: 'Contact Role',
			type: 'string',
			picklist: [
				['1', 'Decision Maker'],
				['2', 'Technical'],
				['3', 'Billing'],
			],
		},
	]);
	store.udfDefinitions.set('Ticket', [
		{ id: 4, name: 'Escalation Code', type: 'string' },
		{ id: 5, name: 'Customer PO', type: 'string' },
	]);
	store.udfDefinitions.set('ConfigurationItem', [{ id: 6, name: 'Backup Policy', type: 'string' }]);

	const techs = [
		['Alex', 'Morgan', 'Technician'],
		['Priya', 'Shah', 'Service Desk Lead'],
		['Sam', 'Okafor', 'Project Manager'],
		['Jordan', 'Lee', 'Account Manager'],
		['Casey', 'Novak', 'Former Technician'],
	].map(([firstName, lastName, title], i) =>
		ins('Resource', {
			firstName,
			lastName,
			title,
			email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@sandbox-msp.example`,
			userName: `${firstName[0].toLowerCase()}${lastName.toLowerCase()}`,
			resourceType: 'Employee',
			licenseType: 1,
			isActive: i !== 4,
			hireDate: at(-900 + i * 60),
		}),
	);
	const [alex, priya, sam, jordan] = techs.map((r) => r.id);
	store.noImpersonation.add(jordan); // security level without "allow impersonation"

	const companies = [
		['Contoso Dental Group', 1, 'Golden', 42],
		['Fabrikam Legal LLP', 1, 'Silver', 18],
		['Northwind Logistics', 3, null, 120],
		['Tailspin Toys', 2, null, 9],
		['Old Corp Holdings', 4, null, null],
		['Lost Leaf Cafe', 6, null, 6],
		['Pax Distribution', 7, null, null],
		['Partner Cloud Co', 8, null, 30],
	].map(([companyName, companyType, ranking, employees], i) =>
		ins('Company', {
			companyName,
			companyType,
			phone: `555-01${String(10 + i)}`,
			ownerResourceID: jordan,
			isActive: companyType !== 4,
			city: ['Seattle', 'Portland', 'Boise', 'Spokane'][i % 4],
			state: ['WA', 'OR', 'ID', 'WA'][i % 4],
			createDate: at(-300 + i * 10),
			lastActivityDate: at(-5 + i),
			userDefinedFields: [
				...(ranking ? [{ name: 'Customer Ranking', value: ranking }] : []),
				...(employees ? [{ name: 'Number of Employees', value: String(employees) }] : []),
			],
		}),
	);
	const customers = companies.slice(0, 3);
	const contacts = customers.flatMap((c, ci) =>
		[
			['Dana', 'Whitfield'],
			['Luis', 'Ortega'],
			['Mei', 'Tanaka'],
		]
			.slice(0, ci === 2 ? 1 : 3)
			.map(([firstName, lastName], i) =>
				ins('Contact', {
					companyID: c.id,
					firstName,
					lastName: `${lastName}`,
					emailAddress: `${firstName.toLowerCase()}@${String(c.companyName).split(' ')[0].toLowerCase()}.example`,
					isActive: 1,
					primaryContact: i === 0,
					phone: `555-02${ci}${i}`,
					createDate: at(-200 + i),
					userDefinedFields: i === 0 ? [{ name: 'Preferred Channel', value: 'Email' }] : [],
				}),
			),
	);
	const products = ['Managed Workstation', 'Managed Server', 'Firewall Appliance'].map((name, i) =>
		ins('Product', { name, isActive: true, productCategory: 1, unitPrice: [45, 150, 80][i] }),
	);
	const cis = customers.flatMap((c, ci) =>
		[0, 1].map((i) =>
			ins('ConfigurationItem', {
				companyID: c.id,
				productID: products[i].id,
				configurationItemType: i + 1,
				isActive: true,
				referenceTitle: `${String(c.companyName).split(' ')[0].toUpperCase()}-${i ? 'SRV' : 'WS'}-0${ci + 1}`,
				serialNumber: `SN${1000 + ci * 10 + i}`,
				installDate: at(-250),
				userDefinedFields: [{ name: 'Backup Policy', value: i ? 'Nightly' : 'Weekly' }],
			}),
		),
	);
	const contracts = customers.map((c, i) =>
		ins('Contract', {
			companyID: c.id,
			contractName: `${String(c.companyName)} Managed Services`,
			contractType: 7,
			status: 1,
			startDate: at(-240),
			endDate: at(125),
			timeReportingRequiresStartAndStopTimes: 0,
			isDefaultContract: i === 0,
			contractNumber: `CN-${100 + i}`,
		}),
	);

	for (let i = 0; i < 4; i++)
		ins('TicketCategory', {
			id: i + 1,
			name: ['Standard', 'RMM Alert', 'Project Issue', 'Change'][i],
			nickname: ['STD', 'RMM', 'PRJ', 'CHG'][i],
			isActive: true,
			isGlobalDefault: i === 0,
			isApiOnly: false,
			displayColorRGB: [0x3366cc, 0xcc3333, 0x33aa55, 0xaa8800][i],
		});

	const titles = [
		'Outlook keeps asking for password',
		'Printer on 2nd floor offline',
		'New starter laptop setup',
		'VPN disconnects every hour',
		'Server disk space low (C:)',
		'Phishing email reported',
		'Wi-Fi slow in conference room',
		'Line of business app crashes on save',
		'Firewall firmware update',
		'Café POS terminal — "receipt" printer jam & error <E42>',
		'Backup job failed',
		'Request: shared mailbox',
	];
	const statuses = [1, 8, 5, 7, 1, 8, 5, 1, 12, 8, 1, 5];
	const issue = [
		[2, 20],
		[1, 12],
		[1, 11],
		[3, 32],
		[1, 10],
		[4, 40],
		[3, 31],
		[2, 21],
		[3, 30],
		[1, 12],
		[1, 10],
		[2, 20],
	];
	const tickets = titles.map((title, i) => {
		const c = customers[i % 3];
		const contact = contacts.find((k) => k.companyID === c.id);
		return ins('Ticket', {
			companyID: c.id,
			contactID: contact?.id ?? null,
			title,
			description: `${title}. Reported by ${String(contact?.firstName ?? 'customer')}.`,
			status: statuses[i],
			priority: [2, 3, 2, 1, 1, 4, 3, 2, 2, 2, 1, 3][i],
			queueID: i % 4 === 0 ? 8 : 29682833,
			source: [4, 2, 6, 4, 8, 4, 2, 6, 1, 2, 8, 4][i],
			issueType: issue[i][0],
			subIssueType: issue[i][1],
			ticketType: i === 4 || i === 10 ? 5 : 1,
			ticketCategory: i === 4 || i === 10 ? 2 : 1,
			assignedResourceID: [alex, priya][i % 2],
			assignedResourceRoleID: 29683461,
			configurationItemID: cis[(i % 3) * 2].id,
			contractID: contracts[i % 3].id,
			ticketNumber: `T2025${String(9 + Math.floor(i / 6)).padStart(2, '0')}${String(1 + i).padStart(2, '0')}.${String(i + 1).padStart(4, '0')}`,
			createDate: at(i * 2, 1),
			lastActivityDate: at(i * 2 + 1, 3),
			dueDateTime: at(i * 2 + 3),
			completedDate: statuses[i] === 5 ? at(i * 2 + 1) : null,
			creatorResourceID: API_RESOURCE_ID,
			userDefinedFields:
				i % 4 === 0 ? [{ name: 'Escalation Code', value: ['E1', 'E2', 'E3'][i % 3] }] : [],
		});
	});
	tickets.slice(0, 8).forEach((t, i) => {
		ins('TicketNote', {
			ticketID: t.id,
			title: 'Initial triage',
			description: `Looked into "${String(t.title)}". Next step: remote session.`,
			noteType: 1,
			publish: 1,
			creatorResourceID: alex,
			createDateTime: at(i * 2, 2),
			lastActivityDate: at(i * 2, 2),
		});
		if (i % 2 === 0)
			ins('TicketNote', {
				ticketID: t.id,
				title: 'Internal',
				description: 'Checked the knowledge base; known issue.',
				noteType: 13,
				publish: 3,
				creatorResourceID: priya,
				createDateTime: at(i * 2, 5),
				lastActivityDate: at(i * 2, 5),
			});
	});
	const png =
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
	[
		[tickets[1], 'printer-error.png', png, 'image/png'],
		[
			tickets[4],
			'disk-report.txt',
			Buffer.from('C: 97% used\nD: 40% used\n').toString('base64'),
			'text/plain',
		],
	].forEach(([t, fullPath, data, contentType], i) =>
		ins('TicketAttachment', {
			ticketID: (t as { id: number }).id,
			parentID: (t as { id: number }).id,
			parentType: 4,
			title: fullPath,
			fullPath,
			data,
			contentType,
			fileSize: Buffer.byteLength(data as string, 'base64'),
			attachmentType: 'FILE_ATTACHMENT',
			publish: 1,
			attachedByResourceID: alex,
			attachDate: at(3 + i),
		}),
	);
	const projects = [
		['Office 365 Migration', customers[0]],
		['Network Refresh', customers[1]],
	].map(([projectName, c], i) =>
		ins('Project', {
			projectName,
			companyID: (c as { id: number }).id,
			status: [2, 1][i],
			projectType: 5,
			startDateTime: at(-30 + i * 10),
			endDateTime: at(60 + i * 10),
			projectLeadResourceID: sam,
			createDateTime: at(-35),
			projectNumber: `P2025080${i + 1}`,
			description: `${String(projectName)} for ${String((c as { companyName?: unknown }).companyName)}`,
		}),
	);
	const tasks: Array<{ id: number }> = [];
	projects.forEach((p, pi) => {
		['Discovery', 'Delivery'].forEach((title, phi) => {
			const phase = ins('Phase', {
				projectID: p.id,
				title,
				startDate: at(-30 + phi * 30),
				dueDate: at(phi * 30),
				phaseNumber: `${pi + 1}.${phi + 1}`,
				createDate: at(-35),
			});
			['Kick-off call', 'Inventory current state', 'Cutover']
				.slice(0, phi ? 2 : 1)
				.forEach((tt, ti) =>
					tasks.push(
						ins('Task', {
							projectID: p.id,
							phaseID: phase.id,
							title: `${title}: ${tt}`,
							status: ti ? 1 : 8,
							taskType: 1,
							assignedResourceID: [alex, sam][ti % 2],
							estimatedHours: 4 + ti * 2,
							startDateTime: at(-20 + ti),
							endDateTime: at(-10 + ti * 5),
							createDateTime: at(-30),
							taskNumber: `T${pi}${phi}${ti}`,
						}),
					),
				);
		});
	});
	tickets.slice(0, 6).forEach((t, i) =>
		ins('TimeEntry', {
			ticketID: t.id,
			resourceID: [alex, priya][i % 2],
			dateWorked: at(i * 2),
			startDateTime: at(i * 2, 1),
			endDateTime: at(i * 2, 2),
			hoursWorked: 1,
			hoursToBill: 1,
			summaryNotes: 'Remote session',
			timeEntryType: 7,
			createDateTime: at(i * 2, 2),
		}),
	);
	tasks.slice(0, 2).forEach((t, i) =>
		ins('TimeEntry', {
			taskID: t.id,
			resourceID: sam,
			dateWorked: at(-15 + i),
			hoursWorked: 2.5,
			hoursToBill: 2.5,
			summaryNotes: 'Project work',
			timeEntryType: 6,
			createDateTime: at(-15 + i),
		}),
	);
	['Ticket Completion Survey', 'Quarterly Business Review'].forEach((name, i) =>
		ins('Survey', {
			name,
			displayName: name,
			description: i ? 'Sent each quarter' : 'Sent when a ticket completes',
		}),
	);
	[
		['Network diagram', customers[0], 1],
		['Onboarding procedure', customers[1], 2],
		['Signed MSA', customers[2], 3],
	].forEach(([title, c, cat]) =>
		ins('Document', {
			title,
			companyID: (c as { id: number }).id,
			documentCategoryID: cat,
			publish: 1,
			isActive: true,
			keywords: String(title).toLowerCase(),
			createdByResourceID: priya,
			createdDateTime: at(-60),
		}),
	);
	const opp = ins('Opportunity', {
		companyID: customers[2].id,
		title: 'Northwind managed services',
		amount: 36000,
		cost: 21000,
		probability: 60,
		ownerResourceID: jordan,
		projectedCloseDate: at(45),
		stage: 3,
		status: 1,
		createDate: at(-20),
		userDefinedFields: [],
	});
	ins('Quote', {
		companyID: customers[2].id,
		name: 'Northwind MSA quote',
		opportunityID: opp.id,
		effectiveDate: at(-10),
		expirationDate: at(20),
		isActive: true,
		createDate: at(-10),
		quoteNumber: 1001,
	});
	[
		[customers[0], 1450.5, 3],
		[customers[1], 820, 2],
	].forEach(([c, total, status], i) =>
		ins('Invoice', {
			companyID: (c as { id: number }).id,
			invoiceNumber: `INV-2025-00${i + 1}`,
			invoiceTotal: total,
			invoiceStatus: status,
			invoiceDateTime: at(-30 + i * 15),
			fromDate: at(-60),
			toDate: at(-30),
			dueDate: at(-15 + i * 15),
			paymentTerm: 2,
			isVoided: false,
			createDateTime: at(-30 + i * 15),
		}),
	);
	ins('TimeOffRequest', {
		resourceID: alex,
		requestDate: at(20),
		startTime: at(20, 0),
		endTime: at(20, 8),
		hours: 8,
		status: 1,
		timeOffRequestType: 1,
		reason: 'Family event',
		createDateTime: at(1),
	});
	ins('InventoryLocation', { locationName: 'Main Warehouse', isActive: true });
	ins('InventoryProduct', {
		productID: products[0].id,
		inventoryLocationID: 1,
		quantityMinimum: 2,
		quantityMaximum: 20,
	});
	[
		['Connection refused', 3],
		['HTTP 500: Internal Server Error', 7],
	].forEach(([errorMessage, seq]) =>
		ins('WebhookEventErrorLog', {
			accountWebhookID: null,
			contactWebhookID: null,
			createDateTime: at(-2),
			errorMessage,
			sequenceNumber: seq,
			payload: `{"Action":"Update","Guid":"00000000-0000-0000-0000-000000000000","EntityType":"Ticket","Id":${tickets[0].id},"Fields":{},"EventTime":"2025-08-30T09:00:00Z","SequenceNumber":${seq},"PersonID":${alex}}`,
		}),
	);
}

/** N tickets across 50 companies, for paging benchmarks; generated without validation. */
function bench(store: Store, n: number): void {
	const companies: number[] = [];
	for (let i = 0; i < 50; i++)
		companies.push(
			store.insert(
				'Company',
				{
					companyName: `Bench Company ${i + 1}`,
					companyType: 1,
					phone: '555-0000',
					ownerResourceID: API_RESOURCE_ID,
					isActive: true,
				},
				null,
				true,
			).id,
		);
	const statuses = [1, 5, 7, 8, 12];
	const t = store.table('Ticket');
	let id = 7001;
	for (let i = 0; i < n; i++, id++) {
		const created = at(-(i % 365), i % 24);
		t.set(id, {
			id,
			companyID: companies[i % 50],
			title: `Bench ticket ${i + 1}`,
			description: `Generated ticket number ${i + 1}`,
			status: statuses[i % 5],
			priority: (i % 4) + 1,
			queueID: 29682833,
			source: 4,
			issueType: 1,
			subIssueType: 10,
			ticketType: 1,
			ticketCategory: 1,
			ticketNumber: `T20250901.${String(i + 1).padStart(6, '0')}`,
			createDate: created,
			lastActivityDate: created,
			creatorResourceID: API_RESOURCE_ID,
			userDefinedFields: [],
		});
	}
	store.startIdsAt('Ticket', id);
}
