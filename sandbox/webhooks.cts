/**
 * The one webhook dispatcher: turns store changes on the five source models into signed
 * callouts, delivers them in order per webhook with the documented timeout/retry/deactivation rules.
 * Callouts go to loopback addresses only, so a sandbox can never send traffic off the machine.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { eventTime, atNow } from './clock.cjs';
import { dotnetStringify } from './dotnet-json.cjs';
import { webhookFieldIds } from './metadata.cjs';
import type { ChangeEvent, Row, Store } from './store.cjs';
import type { WebhookKind } from './webhook-kinds.cjs';
import { WEBHOOK_KINDS } from './webhook-kinds.cjs';

export const TIMEOUT_MS = 10_000;
export const RETRY_GAP_MS = 30_000;
export const MAX_ATTEMPTS = 5;
export const DEACTIVATE_AFTER = 25;

export function sign(secret: string, body: string): string {
	return (
		'sha1=' +
		createHmac('sha1', Buffer.from(secret, 'utf8'))
			.update(Buffer.from(body, 'utf8'))
			.digest('base64')
	);
}

export interface Delivery {
	webhook: string;
	url: string;
	attempt: number;
	sequenceNumber: number;
	status: number | null;
	error: string | null;
	body: string;
	at: string;
}

interface Job {
	kind: WebhookKind;
	webhookId: number;
	payload: Record<string, unknown>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export class WebhookDispatcher {
	readonly deliveries: Delivery[] = [];
	private queues = new Map<string, Job[]>();
	private running = new Set<string>();
	private sequence = new Map<string, number>();
	private failures = new Map<string, number>();
	private timers = new Set<NodeJS.Timeout>();
	private waiters: Array<() => void> = [];
	private closed = false;

	constructor(
		private store: Store,
		public timeScale = 1,
		/**
		 * The callout timeout in ms, when it must not shrink with timeScale: a test that compresses the 30 s
		 * retry gap need not race its receiver against a 20 ms timeout.
		 */
		public timeoutMs?: number,
	) {
		store.onChange((e) => this.onChange(e));
	}

	private key(kind: WebhookKind, id: number): string {
		return `${kind.webhookModel}:${id}`;
	}

	private onChange(e: ChangeEvent): void {
		const kind = WEBHOOK_KINDS.find((k) => k.source === e.model);
		if (kind) return this.sourceChanged(kind, e);
		// Deleting or inactivating a webhook calls its deactivationUrl
		const wk = WEBHOOK_KINDS.find((k) => k.webhookModel === e.model);
		if (wk && e.before && e.before.isActive && (!e.after || !e.after.isActive))
			this.callDeactivation(wk, e.before);
		const child = WEBHOOK_KINDS.find(
			(k) => k.fieldModel === e.model || k.udfFieldModel === e.model,
		);
		if (child) this.refreshReady(child, Number((e.after ?? e.before)?.webhookID));
	}

	/** isReady is true once at least one subscribed field exists (assumed: Autotask does not document it). */
	private refreshReady(kind: WebhookKind, webhookId: number): void {
		const hook = this.store.get(kind.webhookModel, webhookId);
		if (!hook) return;
		let ready = false;
		for (const m of [kind.fieldModel, kind.udfFieldModel]) {
			if (!m) continue;
			for (const f of this.store.all(m))
				if (f.webhookID === webhookId && f.isSubscribedField) ready = true;
		}
		if (hook.isReady !== ready) hook.isReady = ready; // in place: readiness is derived, not an edit
	}

	private sourceChanged(kind: WebhookKind, e: ChangeEvent): void {
		const ids = new Map(webhookFieldIds(kind.source));
		const udfNames = new Map(
			(this.store.udfDefinitions.get(kind.source) ?? []).map((d) => [d.id, d.name]),
		);
		for (const hook of this.store.all(kind.webhookModel)) {
			if (!hook.isActive) continue;
			if (e.action === 'Create' && !hook.isSubscribedToCreateEvents) continue;
			if (e.action === 'Update' && !hook.isSubscribedToUpdateEvents) continue;
			if (e.action === 'Delete' && !hook.isSubscribedToDeleteEvents) continue;
			if (e.personId !== null && this.excluded(kind, hook.id, e.personId)) continue;
			const fields: Record<string, unknown> = {};
			if (e.action !== 'Delete') {
				const subscribed: Array<[string, boolean]> = [];
				const always: Array<[string, boolean]> = [];
				for (const f of this.store.all(kind.fieldModel)) {
					if (f.webhookID !== hook.id) continue;
					const name = ids.get(Number(f.fieldID));
					if (!name) continue;
					if (f.isSubscribedField) subscribed.push([name, false]);
					if (f.isDisplayAlwaysField) always.push([name, false]);
				}
				if (kind.udfFieldModel)
					for (const f of this.store.all(kind.udfFieldModel)) {
						if (f.webhookID !== hook.id) continue;
						const name = udfNames.get(Number(f.udfFieldID));
						if (!name) continue;
						if (f.isSubscribedField) subscribed.push([name, true]);
						if (f.isDisplayAlwaysField) always.push([name, true]);
					}
				let triggered = false;
				for (const [name, udf] of subscribed) {
					const after = valueOf(e.after, name, udf);
					const before = valueOf(e.before, name, udf);
					const hit = e.action === 'Create' ? after !== null : after !== before;
					if (hit) {
						fields[name] = after;
						triggered = true;
					}
				}
				if (!triggered) continue;
				for (const [name, udf] of always)
					if (!(name in fields)) fields[name] = valueOf(e.after, name, udf);
			}
			const key = this.key(kind, hook.id);
			const seq = (this.sequence.get(key) ?? 0) + 1;
			this.sequence.set(key, seq);
			this.enqueue({
				kind,
				webhookId: hook.id,
				payload: {
					Action: e.action,
					Guid: hook.webhookGUID,
					EntityType: kind.entityType,
					Id: e.id,
					Fields: fields,
					EventTime: eventTime(),
					SequenceNumber: seq,
					PersonID: e.personId,
				},
			});
		}
	}

	private excluded(kind: WebhookKind, webhookId: number, personId: number): boolean {
		for (const x of this.store.all(kind.excludedModel))
			if (x.webhookID === webhookId && x.resourceID === personId) return true;
		return false;
	}

	private enqueue(job: Job): void {
		const key = this.key(job.kind, job.webhookId);
		const q = this.queues.get(key) ?? [];
		q.push(job);
		this.queues.set(key, q);
		if (!this.running.has(key)) void this.drain(key);
	}

	/** Events for one webhook go out in order; the next waits for the previous to finish. */
	private async drain(key: string): Promise<void> {
		this.running.add(key);
		const q = this.queues.get(key) ?? [];
		while (q.length && !this.closed) {
			const job = q.shift() as Job;
			await this.deliver(job);
		}
		this.running.delete(key);
		if (!this.running.size) this.waiters.splice(0).forEach((w) => w());
	}

	private async deliver(job: Job): Promise<void> {
		const key = this.key(job.kind, job.webhookId);
		const body = dotnetStringify(job.payload);
		let lastError = '';
		for (let attempt = 1; attempt <= MAX_ATTEMPTS && !this.closed; attempt++) {
			const hook = this.store.get(job.kind.webhookModel, job.webhookId);
			if (!hook || !hook.isActive) return;
			if (attempt > 1) await this.sleep(RETRY_GAP_MS * this.timeScale);
			const headers = {
				'Content-Type': 'application/json',
				'X-Hook-Signature': sign(String(hook.secretKey ?? ''), body),
			};
			const r = await this.post(String(hook.webhookUrl), body, headers);
			this.deliveries.push({
				webhook: key,
				url: String(hook.webhookUrl),
				attempt,
				sequenceNumber: Number(job.payload.SequenceNumber),
				status: r.status,
				error: r.error,
				body,
				at: atNow(),
			});
			if (r.status !== null && r.status >= 200 && r.status < 300) {
				this.failures.set(key, 0);
				return;
			}
			lastError = r.error ?? `HTTP ${r.status}: ${r.text}`;
		}
		if (this.closed) return;
		// After 5 failed attempts the event lands in the Webhook Error Log
		const log: Record<string, unknown> = {
			createDateTime: atNow(),
			errorMessage: lastError.slice(0, 8000),
			payload: body.slice(0, 8000),
			sequenceNumber: job.payload.SequenceNumber,
		};
		if (job.kind.errorLogColumn) log[job.kind.errorLogColumn] = job.webhookId;
		this.store.insert('WebhookEventErrorLog', log);
		const n = (this.failures.get(key) ?? 0) + 1;
		this.failures.set(key, n);
		const hook = this.store.get(job.kind.webhookModel, job.webhookId);
		if (n >= DEACTIVATE_AFTER && hook && hook.isActive) {
			this.store.replace(job.kind.webhookModel, { ...hook, isActive: false }, null);
		}
	}

	private callDeactivation(kind: WebhookKind, hook: Row): void {
		const url = hook.deactivationUrl;
		if (typeof url !== 'string' || !url) return;
		// Payload of the deactivation call is undocumented; this shape is the sandbox's own
		const body = dotnetStringify({
			Action: 'Deactivated',
			Guid: hook.webhookGUID,
			EntityType: kind.entityType,
			Id: hook.id,
			EventTime: eventTime(),
		});
		void this.post(url, body, { 'Content-Type': 'application/json' }).then((r) =>
			this.deliveries.push({
				webhook: this.key(kind, hook.id),
				url,
				attempt: 1,
				sequenceNumber: 0,
				status: r.status,
				error: r.error,
				body,
				at: atNow(),
			}),
		);
	}

	private post(
		url: string,
		body: string,
		headers: Record<string, string>,
	): Promise<{ status: number | null; error: string | null; text: string }> {
		return new Promise((resolve) => {
			let u: URL;
			try {
				u = new URL(url);
			} catch {
				return resolve({ status: null, error: `Invalid URL ${url}`, text: '' });
			}
			if (u.protocol !== 'http:' || !LOOPBACK.has(u.hostname))
				return resolve({
					status: null,
					error: `Sandbox delivers callouts to http loopback addresses only, not ${u.host}`,
					text: '',
				});
			const buf = Buffer.from(body, 'utf8');
			const req = request(
				u,
				{ method: 'POST', headers: { ...headers, 'Content-Length': String(buf.length) } },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? null,
							error: null,
							text: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
						}),
					);
					res.on('error', (err) => resolve({ status: null, error: err.message, text: '' }));
				},
			);
			const timeout = this.timeoutMs ?? Math.max(1, TIMEOUT_MS * this.timeScale);
			req.setTimeout(timeout, () => req.destroy(new Error(`Timed out after ${timeout} ms`)));
			req.on('error', (err) => resolve({ status: null, error: err.message, text: '' }));
			req.end(buf);
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.add(t);
		});
	}

	/** Resolves once every queued callout has been delivered or given up. */
	idle(): Promise<void> {
		if (!this.running.size) return Promise.resolve();
		return new Promise((r) => this.waiters.push(r));
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.waiters.splice(0).forEach((w) => w());
	}
}

function valueOf(row: Row | null, name: string, udf: boolean): string | null {
	if (!row) return null;
	const v = udf
		? (row.userDefinedFields as Array<{ name: string; value: unknown }> | undefined)?.find(
				(u) => u.name === name,
			)?.value
		: row[name];
	// Nango's samples carry field values as strings
	return v === null || v === undefined ? null : String(v);
}
