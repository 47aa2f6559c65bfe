/**
 * A local stand-in for an OpenAI-compatible model API on 127.0.0.1, for tests that run n8n's AI nodes
 * (OpenAI Chat Model under a Basic LLM Chain, Sentiment Analysis, Text Classifier, AI Agent) without a
 * real model. Point n8n's OpenAI credential (openAiApi) at it: Base URL (`url`) = `standIn.url`.
 *
 * It answers from a script: a list of turns, each matching a request (a regex over the last message, the
 * system prompt or the whole conversation, the tool names offered, or a function) and answering with a
 * final message or with tool calls in OpenAI's tool_calls format. The first turn in list order that
 * matches and has uses left answers; a request no turn matches gets `fallback`, or a 500 whose message
 * names the request, so a test fails on an unexpected conversation instead of hanging.
 *
 * Endpoints: POST {url}/chat/completions (plain JSON, or server-sent events when the request says
 * `stream: true`), GET {url}/models (the credential test and the editor's model list). Every request is
 * recorded in `requests`, matched or not.
 */
import * as http from 'node:http';

export interface ChatMessage {
	role: string;
	content?: unknown;
	name?: string;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model?: string;
	messages: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; description?: string } }>;
	stream?: boolean;
	[key: string]: unknown;
}

export interface ToolCall {
	name: string;
	/** an object (sent as JSON text) or the JSON text itself */
	arguments: Record<string, unknown> | string;
	id?: string;
}

export type Reply = string | { content?: string; toolCalls?: ToolCall[] };

export interface Turn {
	/** shown in errors and in `RecordedRequest.turn` */
	name?: string;
	/** regex over the text of the last message (user, or tool result) */
	lastMessage?: RegExp;
	/** regex over the system message(s) */
	system?: RegExp;
	/** regex over the text of every message, joined by newlines */
	conversation?: RegExp;
	/** every one of these tool names must be offered */
	tools?: string[];
	/** any other test on the request */
	when?: (request: ChatRequest) => boolean;
	/** the answer, or a function of the request giving it */
	reply: Reply | ((request: ChatRequest) => Reply);
	/** how many requests it answers (default 1; Infinity for every matching one) */
	times?: number;
}

export interface RecordedRequest {
	at: string;
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: ChatRequest | undefined;
	/** the name (or index) of the turn that answered, 'fallback', or undefined when none did */
	turn?: string;
}

export interface ModelStandIn {
	/** the Base URL for n8n's OpenAI credential, e.g. http://127.0.0.1:41234/v1 */
	url: string;
	requests: RecordedRequest[];
	/** the chat completion requests only */
	chats(): ChatRequest[];
	/** replaces the script (and forgets how often each turn answered) */
	script(turns: Turn[], fallback?: Reply): void;
	/** turns that still expect a request (times not used up; Infinity turns are never pending) */
	pending(): string[];
	close(): Promise<void>;
}

/** The text of a message's content: a string, or the text parts of a multi-part content. */
export function messageText(message: ChatMessage | undefined): string {
	const content = message?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((p: { type?: string; text?: string }) => (typeof p === 'string' ? p : (p.text ?? '')))
			.join('');
	return '';
}

function turnMatches(turn: Turn, request: ChatRequest): boolean {
	const messages = request.messages ?? [];
	if (turn.lastMessage && !turn.lastMessage.test(messageText(messages[messages.length - 1])))
		return false;
	if (
		turn.system &&
		!turn.system.test(
			messages
				.filter((m) => m.role === 'system' || m.role === 'developer')
				.map(messageText)
				.join('\n'),
		)
	)
		return false;
	if (turn.conversation && !turn.conversation.test(messages.map(messageText).join('\n')))
		return false;
	if (turn.tools) {
		const offered = (request.tools ?? []).map((t) => t.function?.name);
		if (!turn.tools.every((name) => offered.includes(name))) return false;
	}
	if (turn.when && !turn.when(request)) return false;
	return true;
}

let callCounter = 0;

function completionMessage(reply: Reply) {
	const r = typeof reply === 'string' ? { content: reply } : reply;
	const toolCalls = (r.toolCalls ?? []).map((call) => ({
		id: call.id ?? `call_${++callCounter}`,
		type: 'function',
		function: {
			name: call.name,
			arguments:
				typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
		},
	}));
	return {
		message: {
			role: 'assistant',
			content: toolCalls.length ? (r.content ?? null) : (r.content ?? ''),
			...(toolCalls.length ? { tool_calls: toolCalls } : {}),
			refusal: null,
		},
		finishReason: toolCalls.length ? 'tool_calls' : 'stop',
	};
}

export async function startModelStandIn(
	turns: Turn[] = [],
	options: { fallback?: Reply; port?: number } = {},
): Promise<ModelStandIn> {
	const requests: RecordedRequest[] = [];
	let script = turns;
	let fallback = options.fallback;
	let used = new Map<Turn, number>();

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const path = (req.url ?? '').split('?')[0];
			let body: ChatRequest | undefined;
			try {
				const text = Buffer.concat(chunks).toString('utf8');
				body = text ? (JSON.parse(text) as ChatRequest) : undefined;
			} catch {
				body = undefined;
			}
			const record: RecordedRequest = {
				at: new Date().toISOString(),
				method: req.method ?? '',
				path,
				headers: req.headers,
				body,
			};
			requests.push(record);
			const json = (status: number, data: unknown) =>
				res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
			const error = (status: number, message: string) =>
				json(status, { error: { message, type: 'stand_in_error', code: null } });

			if (req.method === 'GET' && /\/models$/.test(path)) {
				return json(200, {
					object: 'list',
					data: ['gpt-4o-mini', 'gpt-4o'].map((id) => ({
						id,
						object: 'model',
						created: 1700000000,
						owned_by: 'stand-in',
					})),
				});
			}
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(path)) {
				return error(
					404,
					`The model stand-in answers POST …/chat/completions and GET …/models only, not ${req.method} ${path} (turn the OpenAI Chat Model's "Use Responses API" off)`,
				);
			}
			if (!body || !Array.isArray(body.messages)) return error(400, 'messages is required');

			const index = script.findIndex(
				(t) => (used.get(t) ?? 0) < (t.times ?? 1) && turnMatches(t, body),
			);
			let reply: Reply;
			if (index >= 0) {
				const turn = script[index];
				used.set(turn, (used.get(turn) ?? 0) + 1);
				record.turn = turn.name ?? String(index);
				reply = typeof turn.reply === 'function' ? turn.reply(body) : turn.reply;
			} else if (fallback !== undefined) {
				record.turn = 'fallback';
				reply = fallback;
			} else {
				const last = messageText(body.messages[body.messages.length - 1]).slice(0, 300);
				return error(500, `No scripted turn matches this request; its last message: ${last}`);
			}

			const { message, finishReason } = completionMessage(reply);
			const id = `chatcmpl-standin-${requests.length}`;
			const created = Math.floor(Date.now() / 1000);
			const model = body.model ?? 'gpt-4o-mini';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!body.stream) {
				return json(200, {
					id,
					object: 'chat.completion',
					created,
					model,
					choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
					usage,
				});
			}
			// Server-sent events, as OpenAI streams: role, content, tool calls, the finish, usage, [DONE].
			res.writeHead(200, {
				'content-type': 'text/event-stream',
				'cache-control': 'no-cache',
				connection: 'keep-alive',
			});
			const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
				res.write(
					`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`,
				);
			send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
			if (message.content)
				send([{ index: 0, delta: { content: message.content }, finish_reason: null }]);
			(message.tool_calls ?? []).forEach((call, i) =>
				send([
					{
						index: 0,
						delta: { tool_calls: [{ index: i, ...call }] },
						finish_reason: null,
					},
				]),
			);
			send([{ index: 0, delta: {}, finish_reason: finishReason }]);
			const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
			if (streamOptions?.include_usage) send([], { usage });
			res.end('data: [DONE]\n\n');
			return undefined;
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		chats: () =>
			requests
				.filter((r) => r.method === 'POST' && /\/chat\/completions$/.test(r.path) && r.body)
				.map((r) => r.body!),
		script(next, nextFallback) {
			script = next;
			fallback = nextFallback;
			used = new Map();
		},
		pending: () =>
			script
				.filter((t) => Number.isFinite(t.times ?? 1) && (used.get(t) ?? 0) < (t.times ?? 1))
				.map((t) => t.name ?? String(script.indexOf(t))),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
